import Foundation
import GantryTestSupport
import Testing

/// `gantry lint` reports GitLab's refusals with the file, line, column and key that caused them.
@Suite(.serialized) struct LintGitLabParityTests {
    @Test func defaultDuplicateIsReportedWhereItIs() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": """
        image: python:3.12
        default:
          image: python:3.11
        review:
          stage: deploy
          script: [deploy]
          environment: {name: review, on_stop: close_review}
        close_review:
          stage: deploy
          script: [stop]
          environment: {name: review}
        """])
        let r = try GantryProcess.run(["lint"], in: dir)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains(".gitlab-ci.yml:3:3: image is defined in top-level and `default:` entry"), "\(lines)")
    }

    @Test func onStopWithoutStopActionNamesTheLine() throws {
        let dir = try GantryProcess.project([".gitlab-ci.yml": """
        review:
          stage: deploy
          script: [deploy]
          environment: {name: review, on_stop: close_review}
        close_review:
          stage: deploy
          script: [stop]
          environment: {name: review}
        """])
        let r = try GantryProcess.run(["lint"], in: dir)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains(".gitlab-ci.yml:4:40: review job: on_stop job close_review needs to have action stop defined"),
                "\(lines)")
    }
}
