import GantryPipeline
import Testing

/// Component addresses and versions as GitLab's InstancePath reads them.
struct ComponentAddressTests {
    let tags = ["1.0.0": "a100", "1.1.0": "a110", "1.10.2": "a1102", "2.0.0-rc.1": "a200rc", "v3.0.0": "av3", "0.9.0": "a090"]

    func ref(_ version: String) -> String? {
        ComponentAddress("gantry.example:8080/group/sub/project/hello@\(version)", serverFQDN: "gantry.example:8080")?.ref(tags: tags)
    }

    @Test func theLastSlashSeparatesTheProjectFromTheComponent() throws {
        let address = try #require(ComponentAddress("gantry.example/group/sub/project/hello@1.0.0", serverFQDN: "gantry.example"))
        #expect(address.project == "group/sub/project")
        #expect(address.name == "hello")
        #expect(address.version == "1.0.0")
        #expect(address.candidatePaths == ["templates/hello.yml", "templates/hello/template.yml"])
        #expect(ComponentAddress("gitlab.com/group/project/hello@1.0.0", serverFQDN: "gantry.example") == nil)
        #expect(ComponentAddress("gantry.example/group/project/hello", serverFQDN: "gantry.example") == nil)
    }

    @Test func versionsResolveAsGitLabResolvesThem() {
        #expect(ref("1.0.0") == "a100")
        #expect(ref("~latest") == "a1102")      // 1.10.2 > 1.1.0 (semver, not text), pre-releases and `v3.0.0` left out
        #expect(ref("1") == "a1102")
        #expect(ref("1.1") == "a110")
        #expect(ref("0") == "a090")
        #expect(ref("2.0.0-rc.1") == "a200rc")  // a tag by its name
        #expect(ref("2") == "2")                // no released 2.x: the ref `2` itself
        #expect(ref("main") == "main")
        #expect(ref("0123abcd") == "0123abcd")
        #expect(ComponentAddress("h/p/c@~latest", serverFQDN: "h")?.ref(tags: ["main-tag": "x"]) == nil)
    }
}
