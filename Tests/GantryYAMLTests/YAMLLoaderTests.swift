import Testing
@testable import GantryYAML

struct YAMLLoaderTests {
    @Test func marksAreOneBasedLineAndColumn() throws {
        let doc = try YAMLLoader.load("a:\n  b: [x, y]\n", file: "f.yml")
        let b = try #require(doc.root?.mapping?["a"]?.mapping?.entry("b"))
        #expect(b.keyMark == SourceMark(file: "f.yml", line: 2, column: 3))
        #expect(b.value.sequence?[1].mark.description == "f.yml:2:10")
    }

    @Test func aliasesCopyTheirAnchor() throws {
        let doc = try YAMLLoader.load("a: &x [1, 2]\nb: *x\n", file: "f.yml")
        #expect(doc.root?.mapping?["b"]?.sequence?.count == 2)
    }

    @Test func mergeKeyLaterKeysWin() throws {
        let yaml = """
        .base: &base
          image: python:3.10
          cache: {key: k, policy: pull-push}
        job:
          <<: *base
          image: python:3.11
        """
        let job = try #require(YAMLLoader.load(yaml, file: "f.yml").root?.mapping?["job"]?.mapping)
        #expect(job["image"]?.string == "python:3.11")
        #expect(job["cache"]?.mapping?["policy"]?.string == "pull-push")
    }

    @Test func mergeKeyListEarlierMappingsWin() throws {
        let yaml = """
        a: &a {x: 1, y: 1}
        b: &b {y: 2, z: 2}
        c:
          <<: [*a, *b]
          z: 3
        """
        let c = try #require(YAMLLoader.load(yaml, file: "f.yml").root?.mapping?["c"]?.mapping)
        #expect(c["x"]?.scalar?.value == .int(1))
        #expect(c["y"]?.scalar?.value == .int(1))
        #expect(c["z"]?.scalar?.value == .int(3))
        // Psych merges the list back to front into a fresh hash, so its keys come in that order.
        #expect(c.keys == ["y", "z", "x"])
    }

    @Test func mergeOverridesKeysBeforeIt() throws {
        // Psych applies `<<` where it stands: it overrides keys written above it.
        let c = try #require(YAMLLoader.load("a: &a {x: 1}\nc:\n  x: 0\n  <<: *a\n", file: "f.yml").root?.mapping?["c"]?.mapping)
        #expect(c["x"]?.scalar?.value == .int(1))
    }

    @Test func duplicateKeyLastWinsWithWarningNamingBothLines() throws {
        let doc = try YAMLLoader.load("variables:\n  V: 'Hi'\n  W: 'Ha'\n  V: 'Ho'\n", file: "ci.yml")
        let vars = try #require(doc.root?.mapping?["variables"]?.mapping)
        #expect(vars["V"]?.string == "Ho")
        #expect(vars.keys == ["V", "W"])
        #expect(doc.warnings.count == 1)
        #expect(doc.warnings[0].mark.line == 4)
        #expect(doc.warnings[0].message.contains("line 2"))
    }

    @Test func referenceTagIsKept() throws {
        let doc = try YAMLLoader.load("job:\n  script: !reference [.a, script]\n", file: "f.yml")
        let script = try #require(doc.root?.mapping?["job"]?.mapping?["script"])
        #expect(script.tag == "!reference")
        #expect(script.sequence?.compactMap(\.string) == [".a", "script"])
    }

    @Test func syntaxErrorsCarryTheirPlace() {
        #expect {
            _ = try YAMLLoader.load("a: [1, 2\nb: 3\n", file: "bad.yml")
        } throws: { error in
            guard let e = error as? YAMLError else { return false }
            return e.mark.file == "bad.yml" && e.mark.line >= 1 && !e.message.isEmpty
        }
    }

    @Test func unknownAliasIsAnError() {
        #expect(throws: YAMLError.self) { _ = try YAMLLoader.load("a: *nope\n", file: "f.yml") }
    }

    @Test func emptyDocumentHasNoRoot() throws {
        #expect(try YAMLLoader.load("# only a comment\n", file: "f.yml").root == nil)
    }
}
