import Foundation
import GantryTestSupport
import Testing

/// The seed documents' pipelines (Tests/Fixtures/seeds): valid where GitLab accepts them, with
/// GitLab's errors and Gantry's diagnosis where it does not.
@Suite(.serialized) struct SeedPipelineTests {
    func lint(_ name: String) throws -> GantryProcess.Result {
        try GantryProcess.run(["lint", "--file", "Tests/Fixtures/seeds/\(name)"])
    }

    func plannedNames(_ name: String, _ refArgs: [String]) throws -> [String] {
        let r = try GantryProcess.run(["plan", "--file", "Tests/Fixtures/seeds/\(name)", "--json"] + refArgs)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return (json["jobs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test func flattenedBasicPipelineIsDiagnosed() throws {
        let r = try lint("000-basic.yml")
        #expect(r.status == 1)
        #expect(r.stderr.contains("000-basic.yml:6:1: jobs test_job config should implement the script:, run:, or trigger: keyword"))
        #expect(r.stderr.contains("`stage` looks like it belongs under `test_job:` (line 6)"))
        #expect(r.stderr.contains("000-basic.yml:8:1: jobs script config"))
    }

    @Test func missingTemplatesAreUnknownExtends() throws {
        let r = try lint("000-build-sign.yml")
        #expect(r.status == 1)
        #expect(r.stderr.contains("build: unknown keys in `extends` (.python-job)"))
    }

    @Test func flattenedVariablesAreDiagnosed() throws {
        let r = try lint("001-build.yml")
        #expect(r.status == 1)
        #expect(r.stderr.contains("001-build.yml:2:1: jobs PYTHONVERSION config should implement"))
        #expect(r.stderr.contains("belongs under `variables:` (line 1)"))
    }

    @Test func unindentedBlockScalarIsAYAMLError() throws {
        let r = try lint("001-sign.yml")
        #expect(r.status == 1)
        #expect(r.stderr.contains("001-sign.yml:10:1: could not find expected ':'"))
    }

    @Test func eatenUnderscoresGetADidYouMean() throws {
        let r = try lint("001-templates.yml")
        #expect(r.status == 1)
        #expect(r.stderr.contains("warning: duplicate key 'beforescript' (also at line 3)"))
        #expect(r.stderr.contains("did you mean `before_script`?"))
        #expect(r.stderr.contains("jobs:.python-job config can't be blank"))
    }

    @Test func skeletonIsValidWithDuplicateVariableWarning() throws {
        let r = try lint("004-skeleton.yml")
        #expect(r.status == 0)
        #expect(r.stdout == "valid\n")
        #expect(r.stderr.contains("004-skeleton.yml:15:3: warning: duplicate key 'VARIABLE_1' (also at line 13)"))
    }

    @Test func completePipelinesAreValidAndPlan() throws {
        for seed in ["004-complete.yml", "003-poetry.yml"] {
            let r = try lint(seed)
            #expect(r.status == 0, "\(seed): \(r.stderr)")
        }
        let branch = try plannedNames("004-complete.yml", ["--ref", "main"])
        #expect(branch.first == "update-version")
        #expect(branch.last == "publish-wheel")
        #expect(branch.count == 10)
        #expect(try plannedNames("004-complete.yml", ["--tag", "1.2.3"]) == branch)
        #expect(try plannedNames("003-poetry.yml", ["--ref", "main"]) == ["test-python3.6", "test-python3.7", "test-python3.8", "build"])
    }
}
