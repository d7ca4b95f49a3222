import Testing
import GantryPipeline

struct ExtendsTests {
    @Test func deepMergesHashesAndReplacesArrays() throws {
        let r = load("""
        .base:
          variables: {A: "1", B: "1"}
          script: [base]
          tags: [x, y]
        job:
          extends: .base
          variables: {B: "2"}
          tags: [z]
        """)
        let job = try #require(r.config?.job(named: "job"))
        #expect(job["variables"]?.mapping?["A"]?.string == "1")
        #expect(job["variables"]?.mapping?["B"]?.string == "2")
        #expect(job["tags"]?.sequence?.compactMap(\.string) == ["z"])
        #expect(job["script"]?.sequence?.compactMap(\.string) == ["base"])
    }

    @Test func multipleParentsMergeInOrderAndMultiLevel() throws {
        let r = load("""
        .a: {image: a, stage: build}
        .b: {image: b}
        .c: {extends: .a, variables: {C: "c"}}
        job:
          extends: [.c, .b]
          script: [x]
        """)
        let job = try #require(r.config?.job(named: "job"))
        #expect(job["image"]?.string == "b")
        #expect(job.stage == "build")
        #expect(job["variables"]?.mapping?["C"]?.string == "c")
    }

    @Test func unknownBaseIsReportedWithGitLabsWords() {
        let r = load("job:\n  extends: .missing\n  script: [x]\n")
        #expect(errors(r) == ["job: unknown keys in `extends` (.missing)"])
        #expect(r.diagnostics.errors.first?.mark.line == 2)
    }

    @Test func cycleIsReported() {
        let r = load(".a: {extends: .b}\n.b: {extends: .a}\njob: {extends: .a, script: [x]}\n")
        #expect(errors(r).contains { $0.hasSuffix("circular dependency detected in `extends`") })
    }

    @Test func elevenLevelsAreTheLimit() {
        func chain(_ n: Int) -> String {
            var y = ".t0: {script: [x]}\n"
            for i in 1..<n { y += ".t\(i): {extends: .t\(i - 1)}\n" }
            y += "job: {extends: .t\(n - 1)}\n"
            return y
        }
        #expect(load(chain(10)).isValid)
        #expect(errors(load(chain(12))).contains { $0.contains("nesting too deep in `extends`") })
    }

    @Test func baseThatIsNotAHashIsInvalid() {
        let r = load("variables: {A: b}\nnotahash: [1]\njob: {extends: notahash, script: [x]}\n")
        #expect(errors(r).contains("job: invalid base hashes in `extends` (notahash)"))
    }
}
