import Testing
@testable import GantryPython

@Suite struct VersionFileTests {
    func rewrite(_ text: String, _ version: String = "1.2.3") throws -> (text: String, lines: [Int]) {
        let (bytes, lines) = try VersionFile.rewrite(Array(text.utf8), version: version, file: "src/pkg/__init__.py")
        return (String(decoding: bytes, as: UTF8.self), lines)
    }

    @Test func replacesOnlyTheQuotedText() throws {
        let text = """
        \"\"\"The package.\"\"\"
        from .core import run  # __version__ = "not this"

        __version__ = "0.0.0"  # stamped by CI
        __version_info__ = (0, 0, 0)

        def version():
            __version__ = "local, not this"
            return __version__
        """
        let (out, lines) = try rewrite(text)
        #expect(out == text.replacingFirst("__version__ = \"0.0.0\"", with: "__version__ = \"1.2.3\""))
        #expect(lines == [4])
    }

    @Test(arguments: [
        ("__version__ = '0.1'\n", "__version__ = '1.2.3'\n"),
        ("__version__: str = \"0.1\"\n", "__version__: str = \"1.2.3\"\n"),
        ("__version__='0.1';\n", "__version__='1.2.3';\n"),
        ("__version__ = \"0.1\"\r\nx = 1\r\n", "__version__ = \"1.2.3\"\r\nx = 1\r\n"),
        ("__version__ = \"0.1\"", "__version__ = \"1.2.3\""),
        ("__version__ = \"\"\n", "__version__ = \"1.2.3\"\n"),
    ])
    func forms(_ text: String, _ expected: String) throws {
        #expect(try rewrite(text).text == expected)
    }

    @Test func unchangedWhenAlreadyStamped() throws {
        let (out, lines) = try rewrite("__version__ = \"1.2.3\"\n")
        #expect(out == "__version__ = \"1.2.3\"\n")
        #expect(lines.isEmpty)
    }

    @Test func computedVersionIsAnError() {
        #expect(throws: PythonProjectError(file: "src/pkg/__init__.py", line: 2, "__version__ is not a plain string here, so it cannot be stamped; write it as __version__ = \"0.0.0\" or remove the file from [tool.gantry.version].files")) {
            try rewrite("import importlib.metadata\n__version__ = importlib.metadata.version(\"pkg\")\n")
        }
        #expect(throws: PythonProjectError.self) { try rewrite("__version__ = \"1\" + suffix\n") }
    }

    @Test func missingLineIsAnError() {
        #expect(throws: PythonProjectError(file: "src/pkg/__init__.py", "no top-level line __version__ = \"...\" to stamp the version into (listed in [tool.gantry.version].files)")) {
            try rewrite("VERSION = \"1\"\n    __version__ = \"indented\"\n__version__ == \"compare\"\n")
        }
    }
}
