import Testing
@testable import GantryYAML

/// Plain scalars get the types Ruby's Psych gives them, because that is what GitLab sees.
struct ScalarTypingTests {
    func value(_ text: String) throws -> ScalarValue {
        let doc = try YAMLLoader.load("k: \(text)\n", file: "t.yml")
        return try #require(doc.root?.mapping?["k"]?.scalar?.value)
    }

    @Test func nullForms() throws {
        #expect(try value("") == .null)
        #expect(try value("~") == .null)
        #expect(try value("null") == .null)
        #expect(try value("NULL") == .null)
    }

    @Test func yamlOneOneBooleans() throws {
        for t in ["true", "yes", "on", "Yes", "ON"] { #expect(try value(t) == .bool(true), "\(t)") }
        for f in ["false", "no", "off", "No"] { #expect(try value(f) == .bool(false), "\(f)") }
        #expect(try value("'yes'") == .string("yes"))
        #expect(try value("y") == .string("y"))
    }

    @Test func numbers() throws {
        #expect(try value("42") == .int(42))
        #expect(try value("-7") == .int(-7))
        #expect(try value("0x1F") == .int(31))
        #expect(try value("0755") == .int(493))
        #expect(try value("0b101") == .int(5))
        #expect(try value("1_000") == .int(1000))
        #expect(try value("1:30") == .int(90))
        #expect(try value("1.5") == .float(1.5))
        #expect(try value(".inf") == .float(.infinity))
        #expect(try value("1e3") == .string("1e3"))
        #expect(try value("09") == .string("09"))
    }

    @Test func pythonVersionsAsFloatsLoseTheirZero() throws {
        let v = try value("3.10")
        #expect(v == .float(3.1))
        #expect(v.asString == "3.1")
        #expect(try value("\"3.10\"").asString == "3.10")
        #expect(try value("2.0").asString == "2.0")
    }

    @Test func datesAreTimestamps() throws {
        #expect(try value("2023-12-12") == .timestamp("2023-12-12"))
        #expect(try value("2023-12-12 10:00:00") == .timestamp("2023-12-12 10:00:00"))
        #expect(try value("v2023-12-12") == .string("v2023-12-12"))
    }

    @Test func strings() throws {
        #expect(try value("python:3.11-slim") == .string("python:3.11-slim"))
        #expect(try value("echo hi") == .string("echo hi"))
        #expect(try value("'3.10'") == .string("3.10"))
        #expect(try value("!!str 42") == .string("42"))
        #expect(try value("|\n  multi\n  line") == .string("multi\nline\n"))
    }
}
