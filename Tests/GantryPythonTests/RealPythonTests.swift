import Foundation
import GantryTestSupport
import Testing
@testable import GantryPython

/// The judges: Python's own `packaging` (what pip uses) and `tomllib`. These run when a Python
/// with both is found (the project's `.venv`, where `make test` installs `build` and with it
/// `packaging`, else `python3` on PATH).
enum RealPython {
    static let executable: String? = {
        let venv = GantryProcess.repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        for candidate in [venv, "python3"] where run(candidate, "import packaging.version, tomllib", stdin: "") != nil {
            return candidate
        }
        return nil
    }()

    static var available: Bool { executable != nil }

    /// Runs `python -c script` with `stdin`; stdout, or nil when it fails.
    static func run(_ python: String, _ script: String, stdin: String) -> String? {
        let r = try? Waiting.run(URL(fileURLWithPath: "/usr/bin/env"), [python, "-c", script], input: Data(stdin.utf8),
                                 waitingFor: "\(python) -c …")
        return r?.status == 0 ? r?.stdout : nil
    }

    static func json(_ script: String, _ stdin: String) throws -> Any {
        let out = try #require(run(executable!, script, stdin: stdin), "python failed")
        return try JSONSerialization.jsonObject(with: Data(out.utf8))
    }
}

@Suite(.enabled(if: RealPython.available, "needs a Python with packaging and tomllib"))
struct RealPythonTests {
    static let versions = [
        "1.0", "v1.0", "01.02.003", "1!2.0", "1.0a1", "1.0alpha1", "1.0.a1", "1.0-a1", "1.0_a_1", "1.0a", "1.0beta2",
        "1.0c3", "1.0pre3", "1.0preview3", "1.0-RC.3", "1.0.post1", "1.0post", "1.0-1", "1.0r1", "1.0rev1", "1.0.dev1",
        "1.0dev", "1.0a1.post2.dev3", "1.0+abc", "1.0+ABC.007", "1.0+abc-def_1", "1.0a.", "1.0a.post1", "1.0.dev-",
        "1.0a--1", "1.0.dev456", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2.post345.dev456",
        "1.0rc1.dev456", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.15", "1.1.dev1", "1!0.1",
        "1.0.0", "1.0+1.2.3a", "2024.1.0", "1.0.0.0.0", "0.9", "1.0+a", "1.0+A.b", "1.0.post0", "1.0rc1.post0",
        // invalid ones
        "release-candidate", "1.0.", "1.0ab", "1.0.dev1.post1", "1.0+", "1.0+abc..def", "vv1.0", "1.0-", "1.0pre-view1",
    ]

    @Test func parsingAndNormalisationMatchPackaging() throws {
        let script = """
        import json, sys
        from packaging.version import Version, InvalidVersion
        out = []
        for s in json.load(sys.stdin):
            try: out.append(str(Version(s)))
            except InvalidVersion: out.append(None)
        print(json.dumps(out))
        """
        let theirs = try #require(try RealPython.json(script, String(decoding: try JSONSerialization.data(withJSONObject: Self.versions), as: UTF8.self)) as? [Any])
        for (input, expected) in zip(Self.versions, theirs) {
            #expect(PEP440Version(input)?.description == expected as? String, "\(input)")
        }
    }

    @Test func orderMatchesPackaging() throws {
        let valid = Self.versions.compactMap { PEP440Version($0) }.map(\.description)
        let script = """
        import json, sys
        from packaging.version import Version
        vs = json.load(sys.stdin)
        print(json.dumps([[(Version(a) > Version(b)) - (Version(a) < Version(b)) for b in vs] for a in vs]))
        """
        let matrix = try #require(try RealPython.json(script, String(decoding: try JSONSerialization.data(withJSONObject: valid), as: UTF8.self)) as? [[Int]])
        for (i, a) in valid.enumerated() {
            for (j, b) in valid.enumerated() {
                #expect(PEP440Version.compare(PEP440Version(a)!, PEP440Version(b)!) == matrix[i][j], "\(a) vs \(b)")
            }
        }
    }

    /// Every string our reader finds, tomllib finds at the same path with the same value.
    @Test func readerAgreesWithTomllib() throws {
        let doc = try TOMLDocument(TOMLDocumentTests.everything)
        let script = """
        import json, sys, tomllib
        data = tomllib.loads(sys.stdin.read())
        out = {}
        def walk(node, path):
            if isinstance(node, dict):
                for k, v in node.items(): walk(v, path + [k])
            elif isinstance(node, str):
                out["\\u0000".join(path)] = node
        walk(data, [])
        print(json.dumps(out))
        """
        let theirs = try #require(try RealPython.json(script, TOMLDocumentTests.everything) as? [String: String])
        var ours: [String: String] = [:]
        for entry in doc.entries where !entry.inArray {
            if let s = entry.node.value.string { ours[entry.path.joined(separator: "\u{0}")] = s }
        }
        #expect(ours == theirs)
    }

    /// The edited files are TOML that tomllib reads, saying what was asked.
    @Test(arguments: [
        PyProjectEditingTests.setuptools,
        "[tool.poetry]\nname = \"x\"\nversion = \"0.1\"\nhomepage = 'https://o'\n[tool.poetry.dependencies]\nr = { version = \"^2\" }\n",
        "[project]\r\nname = \"p\"\r\n\r\n[tool.x]\r\na = 1\r\n",
        "[ project ]\n  \"name\"='old'  # c\nurls = { homepage = \"http://old\" }\n",
        "[project]\nname = \"p\"",
    ])
    func editedFilesReadBackInTomllib(_ text: String) throws {
        let changes = PyProjectChanges(version: v("1.2.3.dev4+feature.x"), name: try ProjectName(validating: "My.Pkg"), homepage: "https://gitlab.com/g/p")
        let out = try edited(text, changes)
        let script = """
        import json, sys, tomllib
        d = tomllib.loads(sys.stdin.read())
        p = d.get("project") or d["tool"]["poetry"]
        urls = p.get("urls") or {}
        home = next((v for k, v in urls.items() if k.lower() == "homepage"), p.get("homepage"))
        print(json.dumps([p["name"], p["version"], home]))
        """
        let values = try #require(try RealPython.json(script, out) as? [String])
        #expect(values == ["My.Pkg", "1.2.3.dev4+feature.x", "https://gitlab.com/g/p"])
    }
}
