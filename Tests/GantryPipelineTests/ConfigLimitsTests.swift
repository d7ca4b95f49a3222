import Testing
import GantryPipeline

/// Limits that keep a hostile configuration from exhausting time or memory, with their messages.
struct ConfigLimitsTests {
    @Test func referenceFanOutStopsAtTheNodeBudget() throws {
        var yaml = ".r0: [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            yaml += ".r\(i): [" + Array(repeating: "!reference [.r\(i - 1)]", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "job:\n  script: !reference [.r9]\n"
        let messages = errors(load(yaml))
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("The parsed YAML is too big: !reference [\".r") == true)
        #expect(messages.first?.hasSuffix("takes the references past 1000000 nodes") == true)
    }

    @Test func referencesOfOrdinarySizeStillResolve() throws {
        var yaml = ".setup: {script: [a, b, c]}\n"
        for i in 0..<500 { yaml += "job\(i): {script: [!reference [.setup, script], d]}\n" }
        let config = try #require(load(yaml).config)
        #expect(config.job(named: "job499")?["script"]?.sequence?.count == 4)
    }

    @Test func extendsFanOutStopsAtTheMergeBudget() {
        // 40,000 jobs extending one base of 40,000 keys would copy 1.6e9 keys.
        let keys = (0..<40_000).map { "  k\($0): 1\n" }.joined()
        let jobs = (0..<40_000).map { "j\($0): {extends: .b}\n" }.joined()
        let messages = errors(load(".b:\n  script: [x]\n" + keys + jobs))
        #expect(messages == ["The parsed YAML is too big: j24: `extends` copies more than 1000000 keys in all"])
    }

    @Test func variableExpansionBombIsAPlanErrorAtTheFirstVariableOverTheLimit() throws {
        var yaml = "variables:\n  V0: \"xxxxxxxxxx\"\n"
        for i in 1...9 { yaml += "  V\(i): \"" + String(repeating: "${V\(i - 1)}", count: 10) + "\"\n" }
        yaml += "job:\n  script: [echo]\n  rules:\n    - if: $V9 == \"x\"\n"
        guard case .failure(.invalid(let problems)) = try #require(plan(yaml)) else {
            Issue.record("the plan did not fail")
            return
        }
        // V5 is 10^6 bytes, the first past 128 KiB.
        #expect(problems.map(\.description) == [".gitlab-ci.yml:7:7: variables: the value of V5 expands to more than 131071 bytes, the limit on a variable's value"])
    }

    @Test func expansionNeverBuildsMoreThanTheLimit() {
        let big = String(repeating: "y", count: 100_000)
        let out = VariableExpander.expand("$A$A$A$A", with: { _ in big })
        #expect(out.utf8.count == VariableExpander.maxValueBytes + 1)
        #expect(VariableExpander.isTooLong(out))
        #expect(VariableExpander.expand("a$B-c", with: { _ in "b" }) == "ab-c")
    }

    @Test func includesAreCountedAcrossNestingWithGitLabsMessage() {
        // A chain of 160 files, each including the next: 150 may be loaded.
        var files: [String: String] = [:]
        for i in 0..<160 { files["ci/\(i).yml"] = "include: ci/\(i + 1).yml\njob\(i): {script: [x]}\n" }
        files["ci/160.yml"] = "last: {script: [x]}\n"
        let r = load("include: ci/0.yml\n", files: files)
        #expect(errors(r) == ["Maximum of 150 nested includes are allowed!"])
    }

    @Test func includingTheSameFileAgainCounts() {
        let twice = (0..<151).map { _ in "  - local: ci/a.yml" }.joined(separator: "\n")
        let r = load("include:\n\(twice)\n", files: ["ci/a.yml": "a: {script: [x]}\n"])
        #expect(errors(r) == ["Maximum of 150 nested includes are allowed!"])
        let fine = (0..<150).map { _ in "  - local: ci/a.yml" }.joined(separator: "\n")
        #expect(load("include:\n\(fine)\n", files: ["ci/a.yml": "a: {script: [x]}\n"]).isValid)
    }

    @Test func invalidUTF8InAnIncludedFileIsRefused() {
        let r = ConfigLoader(source: ByteSource(files: ["ci/a.yml": Array("a:\n  script: [\"".utf8) + [0xC3, 0x28] + Array("\"]\n".utf8)]))
            .load(text: "include: ci/a.yml\n", file: ".gitlab-ci.yml")
        #expect(r.diagnostics.errors.map(\.description) == ["ci/a.yml:2:14: invalid trailing UTF-8 octet (byte 0x28): the file must be UTF-8 text"])
    }

    @Test(arguments: ["9999999999999 years", String(repeating: "9", count: 400) + " seconds", String(repeating: "9", count: 400) + " 5"])
    func durationsPastTheLimitAreLintErrors(duration: String) {
        let r = load("job:\n  script: [x]\n  artifacts:\n    paths: [x]\n    expire_in: \(duration)\n")
        #expect(errors(r) == ["jobs:job:artifacts expire in should not exceed the limit of 1000 years"])
        #expect(DurationParser.seconds(duration) == DurationParser.maxSeconds)
    }

    @Test func hugeTimeoutAndStartInKeepGitLabsMessages() {
        let r = load("job:\n  script: [x]\n  timeout: 9999999999999 years\n  when: delayed\n  start_in: 9999999999999 years\n")
        #expect(errors(r).sorted() == ["jobs:job start in should not exceed the limit", "jobs:job:timeout config should not exceed the limit"])
    }
}

/// Files given as bytes, to hand the loader what a disk may hold.
private struct ByteSource: SourceProvider {
    var files: [String: [UInt8]]
    func read(_ path: String) -> String? { files[path].map { String(decoding: $0, as: UTF8.self) } }
    func readBytes(_ path: String) -> [UInt8]? { files[path] }
    func allFiles() -> [String] { files.keys.sorted() }
}
