import Foundation

/// python-gitlab's configuration file (`~/.python-gitlab.cfg`, or `PYTHON_GITLAB_CFG`): INI
/// sections naming servers, `[global] default = NAME` choosing one, each with `url` and a
/// `private_token`, `oauth_token` or `job_token`. Read the way configparser reads it.
struct PythonGitLabConfig {
    let file: String
    /// Section name → key → (value, line).
    private(set) var sections: [String: [String: (value: String, line: Int)]] = [:]

    /// The files python-gitlab reads, in its order: `PYTHON_GITLAB_CFG`, else the first present of
    /// `~/.python-gitlab.cfg`, `$XDG_CONFIG_HOME/python-gitlab.cfg` and `/etc/python-gitlab.cfg`.
    static func find(environment: [String: String]) -> String? {
        if let named = environment["PYTHON_GITLAB_CFG"], !named.isEmpty { return named }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let xdg = environment["XDG_CONFIG_HOME"] ?? home + "/.config"
        return [home + "/.python-gitlab.cfg", xdg + "/python-gitlab.cfg", "/etc/python-gitlab.cfg"]
            .first { FileManager.default.fileExists(atPath: $0) }
    }

    init(file: String) throws(MonitorError) {
        self.file = file
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw .usage("cannot read python-gitlab config \(file)")
        }
        var section: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw .usage("\(file):\(index + 1): a section header needs a closing ]") }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                sections[section!, default: [:]] = sections[section!] ?? [:]
                continue
            }
            // configparser splits at the first `=` or `:` (a URL's colon comes after `url =`).
            guard let name = section, let cut = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw .usage("\(file):\(index + 1): expected KEY = VALUE inside a [section]")
            }
            let key = line[..<cut].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: cut)...].trimmingCharacters(in: .whitespaces)
            sections[name]![key] = (value, index + 1)
        }
    }

    /// The server of `section`, or of `[global] default` when nil.
    func server(section: String?) throws(MonitorError) -> GitLabServer {
        guard let name = section ?? sections["global"]?["default"]?.value else {
            throw .usage("\(file): no [global] default = SECTION, and no --gitlab SECTION given")
        }
        guard let keys = sections[name], name != "global" else { throw .usage("\(file): no section [\(name)]") }
        guard let url = keys["url"]?.value, !url.isEmpty else { throw .usage("\(file): section [\(name)] has no url") }
        let credential: GitLabServer.Credential
        if let token = keys["private_token"] {
            guard !token.value.hasPrefix("helper:") else {
                throw .usage("\(file):\(token.line): private_token helpers are not supported; give --token or GITLAB_TOKEN")
            }
            credential = .privateToken(token.value)
        } else if let token = keys["oauth_token"] {
            credential = .oauthToken(token.value)
        } else if let token = keys["job_token"] {
            credential = .jobToken(token.value)
        } else {
            credential = .none
        }
        return GitLabServer(url: url, credential: credential)
    }
}
