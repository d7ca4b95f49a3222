import Foundation
import GantryCommandLine
import GantryServer
import GantrySigstore
import GantryStore

/// `gantry admin` works on a server's data directory directly (the server may be running): it
/// creates users, tokens, groups and projects.
enum AdminCommand {
    static let command = Command(
        "admin", abstract: "users, tokens, groups and projects of a server's data directory",
        options: [.value("data", "DIR", help: "the server's data directory (default: ./gantry-data)", completion: .directory)],
        subcommands: [
            Command("user", abstract: "the server's users", subcommands: [
                Command("create", abstract: "add a user", positionals: [Positional("NAME", help: "the username")], options: [
                    .value("email", "E", help: "the user's email (default: NAME@gantry.local)"),
                    .flag("admin", help: "make the user an administrator"),
                    .value("password", "P", help: "a password for the web UI (or GANTRY_USER_PASSWORD)"),
                    .value("password-file", "FILE", help: "the same, read from FILE: it never shows in the process list",
                           completion: .file),
                ], exclusive: [["password", "password-file"]], action: run),
                Command("password", abstract: "set USER's password for the web UI (ends their sessions)",
                        positionals: [Positional("USER", help: "the username")], options: [
                    .value("password", "P", help: "the new password (or GANTRY_USER_PASSWORD)"),
                    .value("password-file", "FILE", help: "the same, read from FILE: it never shows in the process list",
                           completion: .file),
                ], exclusive: [["password", "password-file"]], action: run),
            ]),
            Command("token", abstract: "personal access tokens", subcommands: [
                Command("create", abstract: "print a new personal access token for USER",
                        positionals: [Positional("USER", help: "the username")],
                        options: [.value("name", "N", help: "the token's name (default: admin)")], action: run),
            ]),
            Command("group", abstract: "groups and subgroups", subcommands: [
                Command("create", abstract: "add a group", positionals: [Positional("PATH", help: "the group's path")], options: [
                    .value("name", "N", help: "the group's name (default: PATH)"),
                    .value("parent", "FULL_PATH", help: "make it a subgroup of this group"),
                    visibility,
                ], action: run),
            ]),
            Command("project", abstract: "projects and their git repositories", subcommands: [
                Command("create", abstract: "add a project with an empty repository",
                        positionals: [Positional("NAMESPACE/PATH", help: "the group or user it belongs to, and its path")],
                        options: [.value("name", "N", help: "the project's name (default: PATH)"), visibility], action: run),
            ]),
            Command("transparency-log", abstract: "the server's Rekor-compatible transparency log", subcommands: [
                Command("check", abstract: "recompute the log's Merkle tree from the stored entries; fail on any mismatch",
                        action: run),
            ]),
            oidcCommand,
        ])

    private static let visibility = Option.value("visibility", "V", help: "private, internal or public (default: private)",
                                                 completion: .choices(["private", "internal", "public"]))

    static func run(_ options: Arguments) throws(Arguments.UsageError) -> Int32 {
        // `user create NAME`: the two subcommand words under admin, then the argument.
        let words = Array(options.commandPath.dropFirst()) + options.positional
        let given = options.value("data")
        let data = DataDirectory(URL(fileURLWithPath: given ?? "gantry-data"))
        // Opening a missing database would create an empty one (or fail with SQLite's bare
        // "error 14" when the folder is missing): say which folder was looked at instead.
        guard FileManager.default.fileExists(atPath: data.database.path) else {
            let lookedIn = given == nil ? "without --data, gantry admin looks in ./gantry-data" : "from --data \(given!)"
            return fail("""
                no server data in \(data.root.path) (no gantry.sqlite there; \(lookedIn)). \
                Pass the server's data directory: gantry admin --data DIR ..., the DIR given to `gantry server --data DIR` \
                (the server prints it as `data:` when it starts)
                """)
        }
        do {
            let store = try SQLiteStore(path: data.database.path)
            let now = Date()
            switch words[0] {
            case "oidc": try rotateOIDCKey(data)
            case "user":
                let password = try SecretArguments.take(options, "password", environment: "GANTRY_USER_PASSWORD")
                try password.map(Accounts.check(password:))
                if words[1] == "password" {
                    guard let user = try store.user(username: words[2]) else { return fail("no user \(words[2])") }
                    guard let password else { return fail("give the password with --password, --password-file or GANTRY_USER_PASSWORD") }
                    try Accounts(store: store).setPassword(password, for: user)
                    Output.out("password of \(user.username) set")
                    return 0
                }
                let user = try store.createUser(UserRecord(username: words[2], name: options.value("name") ?? words[2],
                                                           email: options.value("email") ?? "\(words[2])@gantry.local",
                                                           isAdmin: options.flag("admin"), createdAt: now))
                if let password {
                    try Accounts(store: store).setPassword(password, for: user)
                }
                Output.out("user \(user.username) created (id \(user.id))")
            case "token":
                guard let user = try store.user(username: words[2]) else { return fail("no user \(words[2])") }
                Output.out(try Accounts(store: store).createToken(for: user, name: options.value("name") ?? "admin").1)
            case "group":
                let parent = try options.value("parent").map { p -> GroupRecord in
                    guard let g = try store.group(fullPath: p) else { throw AdminFailure(description: "no group \(p)") }
                    return g
                }
                let group = try GroupCreator(store: store).create(name: options.value("name") ?? words[2], path: words[2], parent: parent,
                                                                  visibility: options.value("visibility") ?? "private")
                Output.out("group \(group.fullPath) created (id \(group.id))")
            case "project":
                let parts = words[2].split(separator: "/").map(String.init)
                guard parts.count >= 2 else { return fail("give the project as NAMESPACE/PATH") }
                let namespace = parts.dropLast().joined(separator: "/")
                guard let root = try store.user(username: "root") else { return fail("no root user: start the server once first") }
                let space: ProjectCreator.Namespace
                if let group = try store.group(fullPath: namespace) {
                    space = .group(group)
                } else if let user = try store.user(username: namespace) {
                    space = .user(user)
                } else {
                    return fail("no group or user \(namespace)")
                }
                let project = try ProjectCreator(store: store, data: data).create(
                    name: options.value("name") ?? parts.last!, path: parts.last!, namespace: space, creator: root,
                    visibility: options.value("visibility") ?? "private")
                Output.out("project \(project.pathWithNamespace) created (id \(project.id))")
            case "transparency-log":
                return checkTransparencyLog(store: store, data: data)
            default:
                throw Arguments.UsageError(description: "unknown kind '\(words[0])'")
            }
            return 0
        } catch let error as Arguments.UsageError {
            throw error
        } catch {
            return fail("\(error)")
        }
    }

    /// Prints the size and root, or each mismatch; 1 when there is one.
    private static func checkTransparencyLog(store: any Store, data: DataDirectory) -> Int32 {
        do {
            let report = try TransparencyLogCheck.run(store: store, dataRoot: data.root)
            guard report.isConsistent else {
                for problem in report.problems.prefix(50) { Output.err("transparency log: \(problem)") }
                if report.problems.count > 50 { Output.err("transparency log: ... and \(report.problems.count - 50) more") }
                return fail("the transparency log does not match its stored entries (\(report.problems.count) problems)")
            }
            Output.out("transparency log: \(report.size) entries, root \(report.rootHash): consistent")
            return 0
        } catch {
            return fail("\(error)")
        }
    }

    struct AdminFailure: Error, CustomStringConvertible { let description: String }

    private static func fail(_ message: String) -> Int32 {
        Output.err("gantry admin: \(message)")
        return 1
    }
}
