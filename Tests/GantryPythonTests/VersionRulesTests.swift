import Testing
@testable import GantryPython

@Suite struct VersionRulesTests {
    @Test(arguments: [
        ("1.2.3", "1.2.3"), ("v1.2.3", "1.2.3"), ("V1.2.3", "1.2.3"), ("1.2", "1.2"), ("2024.1.0", "2024.1.0"),
        ("1.2.3rc1", "1.2.3rc1"), ("v1.2.3-RC.1", "1.2.3rc1"), ("1.2.3.post1", "1.2.3.post1"), ("v2.0.0b3", "2.0.0b3"),
        ("1.0.0.dev4", "1.0.0.dev4"),
    ])
    func tagPipelinesPublishTheTag(_ tag: String, _ version: String) throws {
        #expect(try VersionRules.version(forTag: tag).description == version)
    }

    @Test(arguments: ["release-candidate", "latest", "", "v", "vv1.2.3", "1.2.3 ", " 1.2.3", "1.2.3/hotfix", "release-1.2.3"])
    func otherTagsAreErrors(_ tag: String) {
        #expect(throws: VersionRules.InvalidTag.self) { try VersionRules.version(forTag: tag) }
    }

    @Test func invalidTagMessageNamesTheTag() {
        do {
            _ = try VersionRules.version(forTag: "release-candidate")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "tag 'release-candidate' is not a PEP 440 version: a version starts with a number, like 1.2.3 or v1.2.3; release tags look like 1.2.3, v1.2.3 or 1.2.3rc1")
        }
    }

    @Test(arguments: [
        ("feature/ABC_1", "feature.abc.1"), ("main", "main"), ("release/1.2", "release.1.2"),
        ("Feature//Double--Dash", "feature.double.dash"), ("--x--", "x"), ("", ""), ("///", ""),
        ("fëature", "f.ature"), ("dependabot/pip/requests-2.31.0", "dependabot.pip.requests.2.31.0"),
        ("UPPER_case", "upper.case"),
    ])
    func localLabels(_ ref: String, _ label: String) {
        #expect(VersionRules.localLabel(forRef: ref) == label)
    }

    @Test func longRefsAreCutLikeGitLabsSlug() {
        let ref = "feature/" + String(repeating: "a", count: 54) + "-" + String(repeating: "b", count: 30)
        let label = VersionRules.localLabel(forRef: ref)
        // CI_COMMIT_REF_SLUG keeps 63 characters, then drops the trailing '-'.
        #expect(label == "feature." + String(repeating: "a", count: 54))
    }

    @Test func devVersions() throws {
        let last = try PEP440Version(parsing: "1.2.3")
        #expect(try VersionRules.devVersion(last: last, pipelineID: 42, ref: "main").description == "1.2.3.dev42+main")
        #expect(try VersionRules.devVersion(last: last, pipelineID: 42, ref: "feature/ABC_1").description == "1.2.3.dev42+feature.abc.1")
        // Nothing left of the ref: no local label, not a dangling '+'.
        #expect(try VersionRules.devVersion(last: last, pipelineID: 42, ref: "///").description == "1.2.3.dev42")
        #expect(try VersionRules.devVersion(last: last, pipelineID: 42, ref: nil).description == "1.2.3.dev42")
        // Numeric label parts are normalised as pip shows them.
        #expect(try VersionRules.devVersion(last: last, pipelineID: 7, ref: "007-fix").description == "1.2.3.dev7+7.fix")
        let pre = try PEP440Version(parsing: "2.0.0rc1")
        #expect(try VersionRules.devVersion(last: pre, pipelineID: 9, ref: "main").description == "2.0.0rc1.dev9+main")
    }

    @Test func devFormats() throws {
        let last = try PEP440Version(parsing: "1.2.3")
        #expect(try VersionRules.devVersion(format: "{next_patch}.dev{pipeline_id}", last: last, pipelineID: 42, ref: "main").description == "1.2.4.dev42")
        #expect(try VersionRules.devVersion(format: "{next_minor}.dev{pipeline_id}+{ref_slug}", last: last, pipelineID: 42, ref: "x").description == "1.3.0.dev42+x")
        #expect(try VersionRules.devVersion(format: "{next_major}a{pipeline_id}", last: last, pipelineID: 1, ref: nil).description == "2.0.0a1")
        // Without {pipeline_id} no pipeline id is needed.
        #expect(try VersionRules.devVersion(format: "{last}.post0+{ref_slug}", last: last, pipelineID: nil, ref: "main").description == "1.2.3.post0+main")
        #expect(VersionRules.bumped(try PEP440Version(parsing: "1!1.2rc1"), at: 2).description == "1!1.2.1")
        #expect(VersionRules.bumped(try PEP440Version(parsing: "1.2.3.4"), at: 1).description == "1.3.0.0")
    }

    @Test func devFormatErrors() throws {
        let last = try PEP440Version(parsing: "1.2.3")
        #expect(throws: VersionRules.DevFormatError.unknownPlaceholder("sha")) {
            try VersionRules.devVersion(format: "{last}+{sha}", last: last, pipelineID: 1, ref: nil)
        }
        #expect(throws: VersionRules.DevFormatError.unclosedPlaceholder) {
            try VersionRules.devVersion(format: "{last", last: last, pipelineID: 1, ref: nil)
        }
        #expect(throws: VersionRules.DevFormatError.missingPipelineID) {
            try VersionRules.devVersion(last: last, pipelineID: nil, ref: "main")
        }
        #expect(throws: VersionRules.DevFormatError.self) {
            try VersionRules.devVersion(format: "{last}-{ref_slug}", last: last, pipelineID: 1, ref: "main")
        }
    }

    @Test func devVersionsOrder() throws {
        let last = try PEP440Version(parsing: "1.2.3")
        let dev = try VersionRules.devVersion(last: last, pipelineID: 42, ref: "main")
        let later = try VersionRules.devVersion(last: last, pipelineID: 43, ref: "main")
        let bumped = try VersionRules.devVersion(format: "{next_patch}.dev{pipeline_id}+{ref_slug}", last: last, pipelineID: 42, ref: "main")
        // The default sorts below the release it is based on (documented); {next_patch} above it.
        #expect(dev < last && dev < later)
        #expect(last < bumped)
    }

    @Test func lastReleaseAmongTags() throws {
        let tags = ["v1.2.0", "1.10.0", "1.9.0", "junk", "release-2", "2.0.0.dev1", "3.0+local", "1.10.0rc1", "v1.10.0.post1"]
        #expect(VersionRules.lastRelease(amongTags: tags)?.description == "1.10.0.post1")
        #expect(VersionRules.lastRelease(amongTags: ["v0.1.0", "v0.1.0rc2", "v0.2.0rc1"])?.description == "0.2.0rc1")
        #expect(VersionRules.lastRelease(amongTags: ["junk", "1.0.dev3"]) == nil)
        #expect(VersionRules.lastRelease(amongTags: []) == nil)
    }
}
