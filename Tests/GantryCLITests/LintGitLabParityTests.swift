import Foundation
import GantryTestSupport
import Testing

/// `gantry lint` reports GitLab's refusals with the file, line, column and key that caused them.
@Suite(.serialized) struct LintGitLabParityTests {
    /// A review app whose stop job forgot `action: stop`.
    private let review = """
        review:
          stage: deploy
          script: [deploy]
          environment: {name: review, on_stop: close_review}
        close_review:
          stage: deploy
          script: [stop]
          environment: {name: review}
        """

    private func lint(_ yaml: String) throws -> (status: Int32, lines: [String]) {
        let dir = try GantryProcess.project([".gitlab-ci.yml": yaml])
        let r = try GantryProcess.run(["lint"], in: dir)
        return (r.status, r.stderr.split(separator: "\n").map(String.init))
    }

    @Test func defaultDuplicateIsReportedWhereItIs() throws {
        let r = try lint("image: python:3.12\ndefault:\n  image: python:3.11\n" + review)
        #expect(r.status == 1)
        #expect(r.lines.contains(".gitlab-ci.yml:3:3: image is defined in top-level and `default:` entry"), "\(r.lines)")
    }

    @Test func onStopWithoutStopActionNamesTheLine() throws {
        let r = try lint(review)
        #expect(r.status == 1)
        #expect(r.lines.contains(".gitlab-ci.yml:4:40: review job: on_stop job close_review needs to have action stop defined"),
                "\(r.lines)")
    }
}
