import Foundation
import GantryTestSupport
import Testing

/// Runs one of the Selenium scripts in `Tests/GantryWebTests/Browser/` (see `browser_harness.py`)
/// with `setup` as JSON (the server's URL, the patience factor and the screenshot folder added),
/// and expects every `CHECK` line ok, at least `minimumChecks` of them, and `RESULT pass`.
enum BrowserChecks {
    static func run(_ script: String, _ setup: [String: Any], server: ServerProcess, minimumChecks: Int, waitingFor: String) throws {
        var all = setup
        all["url"] = server.url
        all["patience"] = Int(Waiting.patient(1))
        all["screenshots"] = GantryProcess.repositoryRoot.appendingPathComponent(".build/ui-screenshots").path
        let json = String(decoding: try JSONSerialization.data(withJSONObject: all), as: UTF8.self)
        let path = GantryProcess.repositoryRoot.appendingPathComponent("Tests/GantryWebTests/Browser/\(script)")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_PROXY"] = "*"
        let run = try Waiting.run(GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python"), [path.path, json],
                                  environment: environment, waitingFor: waitingFor)
        let checks = run.stdout.split(separator: "\n").filter { $0.hasPrefix("CHECK ") }
        for line in checks {
            #expect(line.hasSuffix(" ok"), "\(line)")
        }
        #expect(checks.count >= minimumChecks, "too few checks ran:\n\(run.stdout)\n\(run.stderr)")
        #expect(run.status == 0 && run.stdout.contains("RESULT pass"), "\(run.stdout)\n\(run.stderr)\nserver log:\n\(server.log)")
    }

    /// Pushes a one-commit repository holding `.gitlab-ci.yml` to `project` (main, and `extraBranch`).
    static func push(_ server: ServerProcess, _ project: String, _ ci: String, message: String = "ci",
                     extraBranch: String? = nil) throws {
        let repo = try GantryProcess.project([".gitlab-ci.yml": ci])
        try GantryProcess.git(["init", "-q", "-b", "main"], in: repo)
        try GantryProcess.git(["add", "."], in: repo)
        try GantryProcess.git(["commit", "-q", "-m", message], in: repo)
        try GantryProcess.git(["push", "-q", server.gitURL(project), "main"], in: repo)
        if let extraBranch {
            try GantryProcess.git(["push", "-q", server.gitURL(project), "HEAD:refs/heads/\(extraBranch)"], in: repo)
        }
    }
}
