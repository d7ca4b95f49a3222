import Foundation
import GantryTestSupport
import Testing

/// Hostile `.gitlab-ci.yml` files, generated here, against the real `gantry lint` and `gantry plan`:
/// each must end with a clear error naming the limit and its place, never a crash or a hang
/// (the process is killed after a generous 60 s, which fails the test).
@Suite struct ConfigLimitsTests {
    struct Outcome {
        var status: Int32
        var killed: Bool
        var stderr: String
        var crashed: Bool { killed || status > 128 || stderr.contains("Fatal error") || stderr.contains("Program crashed") }
    }

    /// Runs `gantry ARGS --file ci.yml` on `contents` in a fresh folder.
    private func gantry(_ arguments: [String], _ contents: [UInt8], extra: [String: String] = [:]) throws -> Outcome {
        let dir = try GantryProcess.project(extra)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(contents).write(to: dir.appendingPathComponent("ci.yml"))
        let process = Process()
        process.executableURL = GantryProcess.binary
        process.arguments = arguments + ["--file", "ci.yml"]
        process.currentDirectoryURL = dir
        let errFile = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let err = try FileHandle(forWritingTo: errFile)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try err.close()
        let stderr = String(decoding: FileManager.default.contents(atPath: errFile.path) ?? Data(), as: UTF8.self)
        return Outcome(status: process.terminationStatus, killed: killed, stderr: stderr)
    }

    private func lintAndPlan(_ text: String, expect message: String, extra: [String: String] = [:]) throws {
        try lintAndPlan(Array(text.utf8), expect: message, extra: extra)
    }

    private func lintAndPlan(_ bytes: [UInt8], expect message: String, extra: [String: String] = [:]) throws {
        for command in [["lint"], ["plan", "--ref", "main"]] {
            let r = try gantry(command, bytes, extra: extra)
            #expect(!r.crashed, "\(command): \(r.stderr.prefix(400))")
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains(message), "\(command): \(r.stderr.prefix(400))")
        }
    }

    @Test func nestingSixThousandLevelsDeep() throws {
        let deep = "job:\n  script: [echo]\n  variables: " + String(repeating: "[", count: 6000) + String(repeating: "]", count: 6000) + "\n"
        try lintAndPlan(deep, expect: "ci.yml:3:112: The parsed YAML is too big: it nests mappings and lists more than 100 levels deep (max_yaml_depth)")
    }

    @Test func billionLaughs() throws {
        var yaml = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for i in 1...9 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]\n" }
        yaml += "job:\n  script: [echo]\n  tags: *a9\n"
        #expect(yaml.utf8.count < 600)
        try lintAndPlan(yaml, expect: "ci.yml:7:10: The parsed YAML is too big: with the alias *a5 it has more than 1000000 nodes once aliases are expanded")
    }

    @Test func referenceFanOut() throws {
        var yaml = ".r0: [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { yaml += ".r\(i): [" + Array(repeating: "!reference [.r\(i - 1)]", count: 10).joined(separator: ", ") + "]\n" }
        yaml += "job:\n  script: !reference [.r9]\n"
        try lintAndPlan(yaml, expect: "takes the references past 1000000 nodes")
    }

    @Test func extendsFanOut() throws {
        let keys = (0..<40_000).map { "  k\($0): 1\n" }.joined()
        let jobs = (0..<40_000).map { "j\($0): {extends: .b}\n" }.joined()
        try lintAndPlan(".b:\n  script: [x]\n" + keys + jobs, expect: "`extends` copies more than 1000000 keys in all")
    }

    @Test func fileOverTwoMegabytes() throws {
        let yaml = "job:\n  script:\n" + (0..<25_000).map { "    - echo \(String(repeating: "x", count: 100)) \($0)\n" }.joined()
        try lintAndPlan(yaml, expect: "The parsed YAML is too big: the file is \(yaml.utf8.count) bytes, more than max_yaml_size_bytes (2097152 bytes)")
    }

    @Test func invalidUTF8() throws {
        let bytes = Array("job:\n  script: [\"echo ".utf8) + [0xFF, 0xFE] + Array(" bad\"]\n".utf8)
        try lintAndPlan(bytes, expect: "ci.yml:2:18: invalid leading UTF-8 octet (byte 0xFF): the file must be UTF-8 text")
    }

    @Test func hugeExpireIn() throws {
        try lintAndPlan("job:\n  script: [echo]\n  artifacts:\n    paths: [x]\n    expire_in: 9999999999999 years\n",
                        expect: "ci.yml:5:16: jobs:job:artifacts expire in should not exceed the limit of 1000 years")
    }

    @Test func numberPastIntInSexagesimalForm() throws {
        // Used to trap converting a Double to an Int; now a float with Gantry's usual warning.
        let r = try gantry(["lint"], Array("job:\n  script: [echo]\n  variables:\n    X: 99999999999999999999:00\n".utf8))
        #expect(!r.crashed, "\(r.stderr.prefix(400))")
        #expect(r.status == 0)
    }

    @Test func variableExpansionBomb() throws {
        var yaml = "variables:\n  V0: \"xxxxxxxxxx\"\n"
        for i in 1...9 { yaml += "  V\(i): \"" + String(repeating: "${V\(i - 1)}", count: 10) + "\"\n" }
        yaml += "job:\n  script: [echo $V9]\n  rules:\n    - if: $V9 == \"x\"\n"
        let r = try gantry(["plan", "--ref", "main"], Array(yaml.utf8))
        #expect(!r.crashed, "\(r.stderr.prefix(400))")
        #expect(r.status == 1)
        #expect(r.stderr.contains("ci.yml:7:7: variables: the value of V5 expands to more than 131071 bytes, the limit on a variable's value"))
    }

    @Test func backtrackingRegexOnALongValue() throws {
        let yaml = "variables:\n  V: \"\(String(repeating: "a", count: 50_000))\"\njob:\n  script: [echo]\n  rules:\n    - if: $V =~ /(a|a)*b/\n      when: never\n    - when: on_success\n"
        let r = try gantry(["plan", "--ref", "main"], Array(yaml.utf8))
        #expect(!r.crashed)
        #expect(r.status == 0, "\(r.stderr.prefix(400))")
    }

    @Test func includesPastOneHundredFiftyAcrossNesting() throws {
        var files: [String: String] = [:]
        for i in 0..<160 { files["ci/\(i).yml"] = "include: ci/\(i + 1).yml\njob\(i): {script: [x]}\n" }
        files["ci/160.yml"] = "last: {script: [x]}\n"
        try lintAndPlan("include: ci/0.yml\n", expect: "Maximum of 150 nested includes are allowed!", extra: files)
    }

    @Test func lintNamesAMisspelledScriptInAJobWithExtends() throws {
        let r = try gantry(["lint"], Array(".base:\n  image: python:3.11\njob:\n  extends: .base\n  scirpt: [echo]\n".utf8))
        #expect(r.status == 1)
        #expect(r.stderr.contains("ci.yml:5:3: jobs:job config contains unknown keys: scirpt (`scirpt`: did you mean `script`?)"))
    }

    @Test func yamlSyntaxErrorKeepsItsPlaceAndGetsAHint() throws {
        let r = try gantry(["lint"], Array("job:\n\tscript: [x]\n".utf8))
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("ci.yml:2:1: found character that cannot start any token"))
        #expect(r.stderr.contains("Hint: line 2 contains a tab character; YAML indents with spaces only"))
    }
}
