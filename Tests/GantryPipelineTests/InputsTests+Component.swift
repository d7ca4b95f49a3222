import Testing
@testable import GantryPipeline
import GantryYAML

/// `$[[ component.… ]]`: the component resolver hands the facts it knows to the include request;
/// a file sees those its header's `spec:component` lists.
struct ComponentContextTests {
    func interpolate(_ text: String, facts: [String: String]) throws -> SpecInterpolation {
        let document = try YAMLLoader.load(text, file: "templates/build.yml", allDocuments: true)
        let mark = SourceMark(file: ".gitlab-ci.yml", line: 1, column: 1)
        let component = Mapping(facts.sorted { $0.key < $1.key }.map { Mapping.Entry(key: $0.key, keyMark: mark, value: .string($0.value, mark: mark)) })
        return SpecInterpolation(documents: document.documents, arguments: nil, requestMark: mark, variables: [:],
                                 mayHaveBlocks: true, component: component)
    }

    @Test func listedFactsAreInterpolated() throws {
        let r = try interpolate("spec:\n  component: [name, version]\n---\njob:\n  script: [\"echo $[[ component.name ]]@$[[ component.version ]]\"]\n",
                                facts: ["name": "build", "version": "1.0.0", "sha": "abc"])
        #expect(r.errors.isEmpty)
        #expect(r.root?.mapping?["job"]?.mapping?["script"]?.sequence?.first?.string == "echo build@1.0.0")
    }

    @Test func unlistedFactsAreUnknown() throws {
        let r = try interpolate("spec:\n  component: [name]\n---\njob:\n  script: [\"$[[ component.sha ]]\"]\n", facts: ["name": "build", "sha": "abc"])
        #expect(r.errors.map(\.message) == ["unknown interpolation key: `sha`"])
        let bad = try interpolate("spec:\n  component: [name, commit]\n---\njob: {script: [x]}\n", facts: [:])
        #expect(bad.errors.map(\.message) == ["header:spec:component config contains unknown values: commit"])
    }
}
