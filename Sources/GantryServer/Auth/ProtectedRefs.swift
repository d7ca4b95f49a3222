import Foundation
import GantryStore

/// Protected branches and tags of a project: whether a ref is protected (for protected CI/CD
/// variables and `CI_COMMIT_REF_PROTECTED`), and what a given pusher may do to protected refs,
/// enforced by the repository's pre-receive hook with GitLab's messages.
public struct ProtectedRefs: Sendable {
    let store: any Store

    public init(store: any Store) { self.store = store }

    /// Whether `ref` (a branch, or a tag when `tag`) of the project matches one of its protected refs.
    public func isProtected(project: ProjectRecord, ref: String, tag: Bool) -> Bool {
        let rules = (try? store.protectedRefs(projectID: project.id, kind: tag ? "tag" : "branch")) ?? []
        return rules.contains { $0.matches(ref) }
    }

    /// Whether a role passes an access level: 0 is "No one", 60 administrators only.
    static func allows(_ level: Int, role: Int) -> Bool { level > 0 && role >= level }

    /// Creating a protected branch takes the right to push or to merge to it; a protected tag, the create level.
    static func mayCreate(_ rule: ProtectedRefRecord, role: Int) -> Bool {
        allows(rule.pushAccessLevel, role: role) || (rule.kind == "branch" && allows(rule.mergeAccessLevel, role: role))
    }

    /// What this pusher may do, one line per protected ref, for the pre-receive hook:
    /// `kind TAB glob TAB may-push TAB may-create TAB force-push-allowed` (1 or 0).
    func policy(project: ProjectRecord, role: Int) -> String {
        var lines: [String] = []
        for kind in ["branch", "tag"] {
            for rule in (try? store.protectedRefs(projectID: project.id, kind: kind)) ?? [] {
                let push = Self.allows(rule.pushAccessLevel, role: role)
                let create = Self.mayCreate(rule, role: role)
                lines.append([kind, Self.glob(rule.name), push ? "1" : "0", create ? "1" : "0", rule.allowForcePush ? "1" : "0"]
                    .joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A shell pattern matching what GitLab's wildcard matches: `*` stays, every other pattern character is escaped.
    static func glob(_ name: String) -> String {
        var out = ""
        for c in name {
            if "?[]\\".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Installs the hook and this push's policy in a bare repository; the caller removes the policy
    /// (`endPush`) after the push. Without a policy file the hook refuses every change (fail closed).
    func beginPush(repository: URL, project: ProjectRecord, role: Int) throws {
        let hooks = repository.appendingPathComponent("hooks")
        try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
        let hook = hooks.appendingPathComponent("pre-receive")
        if (try? String(contentsOf: hook, encoding: .utf8)) != Self.hookScript {
            try Self.hookScript.write(to: hook, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: hook.path)
        }
        try policy(project: project, role: role).write(to: repository.appendingPathComponent(Self.policyFile), atomically: true,
                                                       encoding: .utf8)
    }

    func endPush(repository: URL) {
        try? FileManager.default.removeItem(at: repository.appendingPathComponent(Self.policyFile))
    }

    static let policyFile = "gantry-push-policy"

    /// GitLab's checks (Gitlab::Checks::BranchCheck and TagCheck) over each ref the push moves.
    /// Runs inside `git receive-pack`, where the pushed objects are visible for the force-push test.
    static let hookScript = #"""
        #!/bin/bash
        # Gantry: protected branches and tags. The server writes this push's policy before the push.
        policy="$GIT_DIR/gantry-push-policy"
        [ -f "$policy" ] || { echo "GitLab: The push could not be checked; try again." >&2; exit 1; }
        zero=0000000000000000000000000000000000000000
        deny() { echo "GitLab: $1" >&2; exit 1; }
        while read -r old new ref; do
            case "$ref" in
                refs/heads/*) kind=branch; name=${ref#refs/heads/} ;;
                refs/tags/*) kind=tag; name=${ref#refs/tags/} ;;
                *) continue ;;
            esac
            matched=0; push=0; create=0; force=0
            while IFS=$'\t' read -r k pattern p c f; do
                [ "$k" = "$kind" ] || continue
                [[ $name == $pattern ]] || continue
                matched=1
                [ "$p" = 1 ] && push=1
                [ "$c" = 1 ] && create=1
                [ "$f" = 1 ] && force=1
            done < "$policy"
            [ $matched = 1 ] || continue
            if [ $kind = branch ]; then
                [ "$new" = $zero ] && deny "You can only delete protected branches using the web interface."
                if [ "$old" = $zero ]; then
                    [ $create = 1 ] || deny "You are not allowed to create protected branches on this project."
                    continue
                fi
                if [ $force = 0 ] && ! git merge-base --is-ancestor "$old" "$new" 2>/dev/null; then
                    deny "You are not allowed to force push code to a protected branch on this project."
                fi
                [ $push = 1 ] || deny "You are not allowed to push code to protected branches on this project."
            else
                [ "$new" = $zero ] && deny "You can only delete protected tags using the web interface."
                [ "$old" = $zero ] || deny "Protected tags cannot be updated."
                [ $push = 1 ] || deny "You are not allowed to create this tag as it is protected."
            fi
        done
        exit 0

        """#
}
