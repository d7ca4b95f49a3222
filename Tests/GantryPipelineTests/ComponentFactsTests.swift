import GantryPipeline
import GantryTestSupport
import Testing

/// `$[[ component.… ]]` in a component's file sees the component's name, commit, released
/// version and the version as written, as GitLab fills them.
struct ComponentFactsTests {
    /// A hosted project with two released versions, as a server answers the resolver.
    struct HostedComponents: IncludeFetcher {
        let tags = ["1.0.0": String(repeating: "a", count: 40), "1.2.0": String(repeating: "b", count: 40)]
        let file = """
            spec:
              component: [name, sha, version, reference]
            ---
            $[[ component.name ]]-job:
              script: ["echo $[[ component.version ]] $[[ component.sha ]] $[[ component.reference ]]"]
            """

        func fetch(_ request: IncludeRequest) -> IncludeAnswer {
            switch request {
            case .tags(project: "group/components"): return .tags(tags)
            case .projectFile(project: "group/components", _, path: "templates/build.yml"): return .content(Array(file.utf8))
            default: return .fileNotFound
            }
        }
    }

    func script(including version: String) throws -> String? {
        let loader = ConfigLoader(source: MemorySource(), variables: ["CI_SERVER_FQDN": "gantry.example"], fetcher: HostedComponents())
        let r = loader.load(text: "include:\n  - component: gantry.example/group/components/build@\(version)\n", file: ".gitlab-ci.yml")
        #expect(!r.diagnostics.hasErrors, "\(r.diagnostics)")
        return try #require(r.config?.job(named: "build-job"))["script"]?.sequence?.first?.string
    }

    @Test func aPartialVersionSeesTheReleaseItResolvedTo() throws {
        let sha = String(repeating: "b", count: 40)
        #expect(try script(including: "1") == "echo 1.2.0 \(sha) 1")
        #expect(try script(including: "~latest") == "echo 1.2.0 \(sha) ~latest")
    }

    @Test func aBranchHasNoReleasedVersionOrCommit() throws {
        #expect(try script(including: "main") == "echo   main")
    }
}
