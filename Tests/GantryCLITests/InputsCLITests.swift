import Foundation
import GantryTestSupport
import Testing

/// `spec:inputs` through the real `gantry lint` and `gantry config`: a project includes a local
/// file twice with different inputs.
@Suite struct InputsCLITests {
    static let deployFile = """
    spec:
      inputs:
        environment:
          options: [staging, production]
        replicas:
          type: number
          default: 1
    ---
    deploy-$[[ inputs.environment ]]:
      stage: deploy
      parallel: $[[ inputs.replicas ]]
      script: ["./deploy $[[ inputs.environment | posix_escape ]]"]
    """

    @Test func lintAndConfigInterpolateIncludeInputs() throws {
        let dir = try GantryProcess.project([
            ".gitlab-ci.yml": """
            include:
              - local: ci/deploy.yml
                inputs: {environment: staging}
              - local: ci/deploy.yml
                inputs: {environment: production, replicas: 3}
            """,
            "ci/deploy.yml": Self.deployFile,
        ])
        let lint = try GantryProcess.run(["lint"], in: dir)
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout == "valid\n")
        let config = try GantryProcess.run(["config"], in: dir)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(config.stdout.utf8)) as? [String: Any])
        let jobs = try #require(json["jobs"] as? [String: Any])
        #expect(jobs.keys.sorted() == ["deploy-production", "deploy-staging"])
        let production = try #require(jobs["deploy-production"] as? [String: Any])
        #expect(production["parallel"] as? Int == 3)
        #expect(production["script"] as? [String] == ["./deploy production"])
    }

    @Test func lintGivesGitLabsMessageForAnInputNotInOptions() throws {
        let dir = try GantryProcess.project([
            ".gitlab-ci.yml": "include:\n  - local: ci/deploy.yml\n    inputs: {environment: qa}\n",
            "ci/deploy.yml": Self.deployFile,
        ])
        let lint = try GantryProcess.run(["lint"], in: dir)
        #expect(lint.status == 1)
        #expect(lint.stderr.contains(".gitlab-ci.yml:3:27: `ci/deploy.yml`: `environment` input: `qa` cannot be used because it is not in the list of allowed options"),
                "\(lint.stderr)")
    }
}
