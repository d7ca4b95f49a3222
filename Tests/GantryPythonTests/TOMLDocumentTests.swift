import Testing
@testable import GantryPython

/// The text of an entry's value as written in the file.
func raw(_ doc: TOMLDocument, _ path: [String]) -> String? {
    guard let entry = doc.lookup(path) else { return nil }
    return String(decoding: doc.bytes[entry.node.range], as: UTF8.self)
}

func tomlError(_ text: String) -> TOMLError? {
    do {
        _ = try TOMLDocument(text)
        return nil
    } catch {
        return error
    }
}

@Suite struct TOMLDocumentTests {
    static let everything = #"""
    # a comment
    title = "TOML \"Example\""   # trailing comment
    [ project ]   # spaces in the header
    name="x"
    "version" = '1.0'
    'quoted key' = """
    multi "line" \
       joined"""
    literal = '''
    raw \n ''quotes'''''
    numbers = [1, 0x1F, 0o17, 0b101, -3.5e+2, 1_000, inf, -nan, +0.0]
    dates = [1979-05-27T07:32:00Z, 1979-05-27 07:32:00-07:00, 1979-05-27, 07:32:00.999, 2000-01-01t00:00:00.5]
    flags = { on = true, off = false }
    authors = [
      # who
      {name = "A", email = "a@example.org"},   # first
      { name = "B" },
    ]
    urls.Homepage = "https://example.org"
    urls."Bug Tracker" = "https://example.org/issues"

    [[tool.servers]]
    version = "in an array"
    [[tool.servers]]
    version = "second"

    [tool.poetry.dependencies]
    requests = { version = "^2.31", extras = ["socks"] }
    """#

    @Test func readsEveryKindOfLine() throws {
        let doc = try TOMLDocument(Self.everything)
        #expect(doc.lookup(["title"])?.node.value.string == #"TOML "Example""#)
        #expect(raw(doc, ["project", "name"]) == #""x""#)
        #expect(raw(doc, ["project", "version"]) == "'1.0'")
        #expect(doc.lookup(["project", "version"])?.node.value.string == "1.0")
        #expect(doc.lookup(["project", "quoted key"])?.node.value.string == #"multi "line" joined"#)
        #expect(doc.lookup(["project", "literal"])?.node.value.string == #"raw \n ''quotes''"#)
        #expect(raw(doc, ["project", "urls", "Homepage"]) == #""https://example.org""#)
        #expect(doc.lookup(["project", "urls", "Bug Tracker"])?.node.value.string == "https://example.org/issues")
        #expect(doc.lookup(["project", "flags", "off"])?.node.value.string == nil)
        if case .scalar(let text) = doc.lookup(["project", "flags", "off"])?.node.value { #expect(text == "false") } else { Issue.record("flags.off") }
        if case .array(let items) = doc.lookup(["project", "dates"])?.node.value {
            #expect(items.count == 5)
        } else { Issue.record("dates") }
        // Keys inside arrays (of tables, or inline tables in arrays) are not plain paths.
        #expect(doc.lookup(["project", "authors", "name"]) == nil)
        #expect(doc.lookup(["tool", "servers", "version"]) == nil)
        #expect(doc.entries.filter { $0.path == ["tool", "servers", "version"] }.count == 2)
        #expect(raw(doc, ["tool", "poetry", "dependencies", "requests", "version"]) == #""^2.31""#)
        #expect(doc.lookup(["project", "version"])?.line == 5)
        #expect(doc.table(["project"])?.line == 3)
        #expect(doc.lineEnding == "\n")
    }

    /// TOML 1.1 (not yet tomllib) lets inline tables span lines, with comments and a trailing comma.
    @Test func inlineTablesAcrossLines() throws {
        let doc = try TOMLDocument("[tool.poetry.dependencies]\nspread = {\n    version = \"1\",  # pinned\n    optional = true,\n}\nnext = 2\n")
        #expect(raw(doc, ["tool", "poetry", "dependencies", "spread", "version"]) == #""1""#)
        #expect(doc.lookup(["tool", "poetry", "dependencies", "next"])?.line == 6)
    }

    @Test func sectionsKnowWhereTheirEntriesEnd() throws {
        let text = "[project]\nname = \"x\"\nversion = \"1\"\n\n# notes\n[tool.x]\n"
        let doc = try TOMLDocument(text)
        let project = try #require(doc.table(["project"]))
        #expect(project.headerLineEnd == 10)
        #expect(project.entriesEnd == text.utf8.count - "\n# notes\n[tool.x]\n".utf8.count)
        #expect(doc.lookup(["project", "name"])?.lineEnd == 21)
    }

    @Test func crlfAndBOM() throws {
        let doc = try TOMLDocument(bytes: [0xEF, 0xBB, 0xBF] + Array("[project]\r\nversion = \"1\" # c\r\narr = [\r\n  1,\r\n]\r\n".utf8))
        #expect(doc.lineEnding == "\r\n")
        #expect(raw(doc, ["project", "version"]) == "\"1\"")
        #expect(doc.lookup(["project", "arr"])?.line == 3)
    }

    @Test func errorsNameTheLine() throws {
        #expect(tomlError("[project]\nname = \"x\"\nname = \"y\"\n") == TOMLError(line: 3, column: 1, message: "duplicate key project.name (first at line 2)"))
        #expect(tomlError("[project]\nversion = 1.2.3\n") == TOMLError(line: 2, column: 11, message: "invalid value 1.2.3 (strings need quotes: \"1.2.3\")"))
        #expect(tomlError("[project]\nname = \"x\n") == TOMLError(line: 2, column: 8, message: "the string opened at column 8 is not closed on its line"))
        #expect(tomlError("a = 1\n[project\nname = 1\n") == TOMLError(line: 2, column: 9, message: "expected ']' to close the table header, found the end of the line"))
        #expect(tomlError("[project]\nname \"x\"\n") == TOMLError(line: 2, column: 6, message: "expected '=' after the key name, found '\"'"))
        #expect(tomlError("[a]\nx = 1\n[a]\n") == TOMLError(line: 3, column: 1, message: "table [a] is defined twice (first at line 1)"))
        #expect(tomlError("x = [1,\n2\n\n") == TOMLError(line: 4, column: 1, message: "the array opened on line 1 is not closed"))
        #expect(tomlError("x = [1 2]\n") == TOMLError(line: 1, column: 8, message: "expected ',' or ']' in the array opened on line 1, found '2'"))
        #expect(tomlError("x = \"a\" \"b\"\n") == TOMLError(line: 1, column: 9, message: "expected the end of the line, found '\"'"))
        #expect(tomlError("x = \"\\q\"\n")?.message == "invalid escape \\q (use \\\\ for a backslash)")
        #expect(tomlError("x = '''\nnever closed\n")?.line == 1)
        #expect(tomlError("x = 01\n")?.line == 1)
        #expect(tomlError("x = \n")?.message == "expected a value after '='")
        #expect(tomlError("x = 1\ry = 2\n")?.message == "a carriage return must be followed by a newline")
        #expect(tomlError("= 1\n")?.line == 1)
    }

    @Test func tablesAndKeysCannotBeRedefined() {
        #expect(tomlError("[project]\nurls = {a = \"b\"}\n[project.urls]\n")?.message == "project.urls already holds a value (line 2); it cannot also be a table")
        #expect(tomlError("[project]\nurls.a = \"b\"\n[project.urls]\n")?.message == "table [project.urls] is defined twice (first at line 2)")
        #expect(tomlError("[project.urls]\na = \"b\"\n[project]\nurls.c = \"d\"\n")?.message == "project.urls is a table with its own header (line 1); add to it there, not with a dotted key")
        #expect(tomlError("a = 1\na.b = 2\n")?.message == "a already holds a value (line 1); it cannot also be a table")
        #expect(tomlError("[[a]]\n[a]\n")?.message == "table [a] is defined twice: it is an array of tables (line 1)")
        #expect(tomlError("x = {a = 1, a = 2}\n")?.message == "duplicate key x.a (first at line 1)")
        // Allowed: sub-tables of implicit tables, and [x] after [x.y].
        #expect(tomlError("[x.y.z]\n[x]\n[x.w]\n") == nil)
        #expect(tomlError("[[a]]\nb = 1\n[[a]]\nb = 2\n[a.c]\nd = 1\n") == nil)
    }

    @Test func stringsWrittenBack() {
        #expect(TOMLString.encode("1.2.3") == "\"1.2.3\"")
        #expect(TOMLString.encode("1.2.3", like: .literal) == "'1.2.3'")
        #expect(TOMLString.encode("it's", like: .literal) == "\"it's\"")
        #expect(TOMLString.encode("a\"b\\c\n", like: .basic) == #""a\"b\\c\n""#)
        #expect(TOMLString.encode("x", like: .multilineBasic) == "\"\"\"x\"\"\"")
    }

    @Test func locations() throws {
        let doc = try TOMLDocument("a = \"é\"\nb = 1\n")
        #expect(doc.location(of: 0) == (1, 1))
        #expect(doc.location(of: 7) == (1, 7))  // after the 2-byte é: 7th character
        #expect(doc.location(of: 9) == (2, 1))
    }
}
