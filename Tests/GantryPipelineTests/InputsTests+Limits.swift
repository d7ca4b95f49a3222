import Testing
import GantryPipeline

/// Attacker tries against interpolation: a file that would make interpolation build far more than
/// it holds, or evaluate endlessly many blocks, ends with GitLab's error instead.
extension InputsTests {
    @Test func oneLongInputUsedEverywhereCannotBuildGigabytes() {
        let long = String(repeating: "x", count: 100_000)
        let lines = (0..<300).map { "    - \"$[[ inputs.big ]]-\($0)\"" }.joined(separator: "\n")
        let r = load("spec:\n  inputs:\n    big: {default: \(long)}\n---\njob:\n  script:\n\(lines)\n")
        #expect(errors(r) == ["interpolated config is too large"])
    }

    @Test func tooManyBlocks() {
        let lines = (0...10_000).map { "    - \"$[[ inputs.a | truncate(0,\($0)) ]]\"" }.joined(separator: "\n")
        let r = load("spec:\n  inputs:\n    a: {default: abc}\n---\njob:\n  script:\n\(lines)\n")
        #expect(errors(r) == ["too many interpolation blocks"])
    }
}
