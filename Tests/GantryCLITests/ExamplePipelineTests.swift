import Foundation
import GantryTestSupport
import Testing

/// The example libraries' pipelines, which later issues run: valid, and publishing only on a
/// release tag (a dry run otherwise).
@Suite(.serialized) struct ExamplePipelineTests {
    func planned(_ example: String, _ refArgs: [String]) throws -> [String] {
        let r = try GantryProcess.run(["plan", "--file", "examples/\(example)/.gitlab-ci.yml", "--json"] + refArgs)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        return (json["jobs"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    @Test(arguments: ["pvoutput", "pvoutput-poetry"])
    func lintsClean(_ example: String) throws {
        let r = try GantryProcess.run(["lint", "--file", "examples/\(example)/.gitlab-ci.yml"])
        #expect(r.status == 0)
        #expect(r.stdout == "valid\n")
        #expect(r.stderr.isEmpty, "warnings: \(r.stderr)")
    }

    @Test func setuptoolsPublishesOnlyOnReleaseTags() throws {
        let branch = try planned("pvoutput", ["--ref", "main"])
        #expect(branch.contains("publish-dry-run"))
        #expect(!branch.contains("publish"))
        let release = try planned("pvoutput", ["--tag", "v1.2.3"])
        #expect(release.contains("publish"))
        #expect(!release.contains("publish-dry-run"))
        #expect(!(try planned("pvoutput", ["--tag", "v1.2.3-rc1"])).contains("publish"))
    }

    @Test func poetryPublishesOnlyOnReleaseTags() throws {
        #expect(try planned("pvoutput-poetry", ["--ref", "main"]).contains("publish-dry-run"))
        #expect(try planned("pvoutput-poetry", ["--tag", "1.2.3"]).contains("publish-wheel"))
    }

    @Test func mergeRequestPipelinesReplaceBranchPipelines() throws {
        // workflow: no branch pipeline while an MR is open.
        let r = try GantryProcess.run(["plan", "--file", "examples/pvoutput/.gitlab-ci.yml", "--ref", "feature",
                                       "--variable", "CI_OPEN_MERGE_REQUESTS=group/pvoutput!1"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("workflow rules"))
    }
}

/// The example library's whole pipeline, run for real: tools come from PyPI inside the jobs
/// (their files from the test run's wheelhouse).
@Suite(.serialized) struct ExampleRunTests {
    @Test func setuptoolsExampleRunsEndToEnd() throws {
        let summaryFile = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-example-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: summaryFile) }
        let r = try GantryProcess.run(["run", "--file", "examples/pvoutput/.gitlab-ci.yml", "--ref", "main",
                                       "--json-summary", summaryFile.path] + Wheelhouse.runArguments)
        #expect(r.status == 0, "\(r.stdout.suffix(3000))")
        let data = try #require(FileManager.default.contents(atPath: summaryFile.path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let jobs = Dictionary(uniqueKeysWithValues: (json["jobs"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) })
        for name in ["build", "unit-tests", "wheel-install", "pylint", "black", "mypy", "docstr-coverage", "publish-dry-run"] {
            #expect(jobs[name]?["status"] as? String == "success", "\(name)")
        }
        let tests = try #require(jobs["unit-tests"]?["tests"] as? [String: Any])
        #expect((tests["total"] as? Int ?? 0) > 0)
        #expect(tests["failures"] as? Int == 0)
        #expect(jobs["unit-tests"]?["coverage"] is Double)
        // The build job's artifacts hold the wheel and the sdist.
        let zip = try #require(jobs["build"]?["artifacts"] as? String)
        let names = try Waiting.run(URL(fileURLWithPath: "/usr/bin/env"),
                                    ["python3", "-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zip],
                                    waitingFor: "the list of \(zip)").stdout
        #expect(names.contains(".whl"))
        #expect(names.contains(".tar.gz"))
    }
}
