import Testing
@testable import GantryYAML

/// Multi-document streams, which a `spec:` header needs.
extension YAMLLoaderTests {
    @Test func allDocumentsKeepsEachDocumentWithItsOwnAnchors() throws {
        let text = "spec: &s {inputs: {a: {default: x}}}\n---\njob: {script: [y]}\n---\nb: *s\n"
        #expect(throws: YAMLError.self) { try YAMLLoader.load(text, file: "f.yml", allDocuments: true) }
        let doc = try YAMLLoader.load("spec: {inputs: {}}\n---\njob: {script: [y]}\n", file: "f.yml", allDocuments: true)
        #expect(doc.documents.count == 2)
        #expect(doc.root?.mapping?["spec"] != nil)
        #expect(doc.documents[1]?.mapping?["job"]?.mark.description == "f.yml:3:6")
        #expect(doc.warnings.isEmpty)
    }

    @Test func theSingleDocumentPathIsUnchanged() throws {
        let doc = try YAMLLoader.load("a: 1\n---\nb: 2\n", file: "f.yml")
        #expect(doc.documents.count == 1)
        #expect(doc.root?.mapping?["a"] != nil)
        #expect(doc.warnings.map(\.message) == ["only the first YAML document is read; later documents are ignored"])
    }
}
