import Testing
import GantryPipeline

struct ReferenceTests {
    @Test func splicesReferencedScriptLines() throws {
        let r = load("""
        .setup:
          script: [pip install -U pip, pip install build]
        job:
          script:
            - !reference [.setup, script]
            - python -m build
        """)
        let job = try #require(r.config?.job(named: "job"))
        #expect(job["script"]?.sequence?.compactMap(\.string) == ["pip install -U pip", "pip install build", "python -m build"])
    }

    @Test func referencesAreResolvedAfterExtends() throws {
        let r = load("""
        .base: {variables: {A: base}}
        .mid: {extends: .base}
        job:
          script: [x]
          variables: !reference [.mid, variables]
        """)
        #expect(r.config?.job(named: "job")?["variables"]?.mapping?["A"]?.string == "base")
    }

    @Test func nestedReferencesFollowed() throws {
        let r = load("""
        .a: {script: [one]}
        .b: {script: [!reference [.a, script], two]}
        job: {script: [!reference [.b, script], three]}
        """)
        #expect(r.config?.job(named: "job")?["script"]?.sequence?.compactMap(\.string) == ["one", "two", "three"])
    }

    @Test func missingReferenceUsesGitLabsMessage() {
        let r = load("job:\n  script: !reference [.nope, script]\n")
        #expect(errors(r) == ["!reference [\".nope\", \"script\"] could not be found"])
        #expect(r.diagnostics.errors.first?.mark.line == 2)
    }

    @Test func cycleIsReported() {
        let r = load("""
        job-1: {script: [!reference [job-2, script]]}
        job-2: {script: [!reference [job-1, script]]}
        """)
        #expect(errors(r).contains { $0.hasSuffix("is part of a circular chain") })
    }

    @Test func moreThanTenLevelsIsAnError() {
        var y = ".r0: {script: [x]}\n"
        for i in 1...12 { y += ".r\(i): {script: [!reference [.r\(i - 1), script]]}\n" }
        y += "job: {script: [!reference [.r12, script]]}\n"
        #expect(errors(load(y)).contains { $0.contains("nested more than 10 levels") })
    }
}
