import Foundation
import GantryExecution
import GantryHTTP
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Git's smart HTTP protocol, served by `git http-backend` as a CGI program: the request goes in
/// through the CGI environment and standard input, the CGI answer (headers, blank line, body)
/// comes back and becomes the HTTP response.
struct GitHTTPBackend: Sendable {
    let temporary: URL

    /// What the client asks for, under the repository: `info/refs`, `git-upload-pack` or
    /// `git-receive-pack`.
    enum Service: String {
        case infoRefs = "info/refs"
        case uploadPack = "git-upload-pack"
        case receivePack = "git-receive-pack"
    }

    /// Splits `/group/sub/project.git/info/refs` into the project path and the service.
    static func parse(_ path: String) -> (project: String, service: Service)? {
        for service in [Service.infoRefs, .uploadPack, .receivePack] where path.hasSuffix("/" + service.rawValue) {
            var project = String(path.dropFirst().dropLast(service.rawValue.count + 1))
            if project.hasSuffix(".git") { project = String(project.dropLast(4)) }
            guard !project.isEmpty else { return nil }
            return (project.removingPercentEncoding ?? project, service)
        }
        return nil
    }

    func serve(_ request: HTTPRequest, repository: URL, service: Service, user: String, allowPush: Bool) -> HTTPResponse {
        var env = ProcessInfo.processInfo.environment
        env["GIT_PROJECT_ROOT"] = repository.deletingLastPathComponent().path
        env["GIT_HTTP_EXPORT_ALL"] = "1"
        env["PATH_INFO"] = "/" + repository.lastPathComponent + "/" + service.rawValue
        env["REQUEST_METHOD"] = request.method
        env["QUERY_STRING"] = request.rawQuery
        env["REMOTE_USER"] = user
        env["REMOTE_ADDR"] = request.remoteAddress
        env["CONTENT_TYPE"] = request.header("Content-Type") ?? ""
        if let encoding = request.header("Content-Encoding") { env["HTTP_CONTENT_ENCODING"] = encoding }
        if let proto = request.header("Git-Protocol") { env["GIT_PROTOCOL"] = proto }
        // Pushing over HTTP is off in git unless configured; who may push was decided before.
        env["GIT_CONFIG_COUNT"] = "1"
        env["GIT_CONFIG_KEY_0"] = "http.receivepack"
        env["GIT_CONFIG_VALUE_0"] = allowPush ? "true" : "false"

        // The body goes to git's standard input from a file: the server already has it whole.
        var input: URL?
        var removeInput = false
        switch request.body {
        case .empty: break
        case .file(let url): input = url
        case .data(let data):
            let url = temporary.appendingPathComponent("git-body-\(UUID().uuidString)")
            guard (try? data.write(to: url)) != nil else { return .message(status: 500, "cannot buffer the request") }
            input = url
            removeInput = true
        }
        defer { if removeInput, let input { try? FileManager.default.removeItem(at: input) } }
        if input != nil { env["CONTENT_LENGTH"] = String(request.body.count) }

        let output = temporary.appendingPathComponent("git-out-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: output.path, contents: nil),
              let sink = try? FileHandle(forWritingTo: output),
              let process = try? Subprocess(["git", "http-backend"], environment: env, directory: repository, mergeStderr: false,
                                            input: input) else {
            return .message(status: 500, "cannot start git http-backend")
        }
        GitHTTPBackend.running.withLock { _ = $0.insert(process.pid) }
        process.readOutput { try? sink.write(contentsOf: $0) }
        _ = process.wait()
        GitHTTPBackend.running.withLock { _ = $0.remove(process.pid) }
        try? sink.close()
        return cgiResponse(output)
    }

    /// Process groups of the backends running now (each leads its own: git and its children).
    private static let running = Mutex<Set<pid_t>>([])

    /// Ends every running backend with everything it started; the server is stopping.
    static func killAll() {
        for group in running.withLock({ $0 }) { kill(-group, SIGKILL) }
    }

    /// Ends the git processes a killed server left behind (found by the repositories folder in
    /// their environment, which git passes to its children and hooks) and waits for them to go,
    /// so that no ref moves after the start has looked at the refs. Returns how many there were.
    @discardableResult
    static func killOrphans(projectRoot: URL, wait: TimeInterval = 10) -> Int {
        let marker = Data("GIT_PROJECT_ROOT=\(projectRoot.path)\0".utf8)
        let me = getpid()
        func orphans() -> [pid_t] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { pid_t($0) }.filter { pid in
                pid != me && (FileManager.default.contents(atPath: "/proc/\(pid)/environ")?.range(of: marker) != nil)
            }
        }
        let found = orphans()
        for pid in found { kill(pid, SIGKILL) }
        let deadline = Date().addingTimeInterval(wait)
        while !orphans().isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if !found.isEmpty { removeStaleLocks(projectRoot: projectRoot) }
        return found.count
    }

    /// A git killed in the middle of a ref update leaves `<ref>.lock` (or `packed-refs.lock`)
    /// behind, and every later push of that ref fails with "cannot lock ref". Only called when no
    /// git process of this server runs.
    private static func removeStaleLocks(projectRoot: URL) {
        let fm = FileManager.default
        for repository in (try? fm.contentsOfDirectory(at: projectRoot, includingPropertiesForKeys: nil)) ?? [] {
            for name in (try? fm.contentsOfDirectory(atPath: repository.path)) ?? [] where name.hasSuffix(".lock") {
                try? fm.removeItem(at: repository.appendingPathComponent(name))
            }
            let refs = repository.appendingPathComponent("refs")
            for case let path as String in fm.enumerator(atPath: refs.path) ?? FileManager.DirectoryEnumerator() where path.hasSuffix(".lock") {
                try? fm.removeItem(at: refs.appendingPathComponent(path))
            }
        }
    }

    /// Reads the CGI headers off the front of git's output and serves the rest from the file.
    private func cgiResponse(_ output: URL) -> HTTPResponse {
        guard let handle = try? FileHandle(forReadingFrom: output) else { return .message(status: 500, "git produced no answer") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8192)) ?? Data()
        let separator = head.range(of: Data("\r\n\r\n".utf8)) ?? head.range(of: Data("\n\n".utf8))
        guard let separator else {
            try? FileManager.default.removeItem(at: output)
            return .message(status: 500, "git http-backend gave no CGI headers")
        }
        var status = 200
        var headers: [(String, String)] = []
        for line in String(decoding: head[..<separator.lowerBound], as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "status" {
                status = Int(value.prefix(3)) ?? 500
            } else {
                headers.append((name, value))
            }
        }
        // The body is the file minus the header block: copy it to a file of its own.
        let body = temporary.appendingPathComponent("git-body-out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: body.path, contents: nil)
        if let out = try? FileHandle(forWritingTo: body) {
            try? handle.seek(toOffset: UInt64(separator.upperBound))
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { try? out.write(contentsOf: chunk) }
            try? out.close()
        }
        try? FileManager.default.removeItem(at: output)
        return HTTPResponse(status: status, headers: headers, body: .file(body, deleteAfterSending: true))
    }
}
