import Testing
@testable import GantryYAML

/// GitLab's limits on a YAML file, enforced while libyaml's events stream in.
struct YAMLLimitsTests {
    private func error(_ text: String, limits: YAMLLimits = .gitlab) -> YAMLError? {
        do {
            _ = try YAMLLoader.load(text, file: "ci.yml", limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func nestingPastMaxYAMLDepthIsRefusedWhereItHappens() throws {
        // 6,000 levels used to overflow the stack of the recursive tree builder.
        let deep = "job:\n  x: " + String(repeating: "[", count: 6000) + String(repeating: "]", count: 6000) + "\n"
        let refused = try #require(error(deep))
        #expect(refused.message == "The parsed YAML is too big: it nests mappings and lists more than 100 levels deep (max_yaml_depth)")
        // The root mapping is level 1, `x` opens level 2: the 101st level starts at column 104.
        #expect(refused.mark.description == "ci.yml:2:104")
        let mappings = "a: " + String(repeating: "{b: ", count: 500) + "1" + String(repeating: "}", count: 500)
        #expect(error(mappings)?.message.contains("max_yaml_depth") == true)
    }

    @Test func exactlyMaxYAMLDepthIsAccepted() {
        let hundred = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(error(hundred) == nil)
        #expect(error("[" + hundred + "]")?.message.contains("more than 100 levels") == true)
    }

    @Test func fileOverMaxYAMLSizeBytesIsRefusedBeforeParsing() throws {
        let line = "# " + String(repeating: "x", count: 1021) + "\n"  // 1 KiB a line
        let big = String(repeating: line, count: 2049)
        let refused = try #require(error(big))
        #expect(refused.message == "The parsed YAML is too big: the file is \(big.utf8.count) bytes, more than max_yaml_size_bytes (2097152 bytes)")
        #expect(refused.mark.line == 2049)  // where the limit is crossed
        #expect(error(String(repeating: line, count: 2048)) == nil)
    }

    @Test func billionLaughsIsRefusedAtTheAliasThatCrossesTheNodeLimit() throws {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 {
            yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let refused = try #require(error(yaml))
        #expect(refused.message.hasPrefix("The parsed YAML is too big: with the alias *a5 it has more than 1000000 nodes"))
        #expect(refused.mark.line == 7)
    }

    @Test func ordinaryAliasesStayWellUnderTheNodeLimit() throws {
        var yaml = ".script: &s [a, b, c, d, e]\n"
        for i in 0..<2000 { yaml += "job\(i): {script: *s}\n" }
        let doc = try YAMLLoader.load(yaml, file: "ci.yml")
        #expect(doc.root?.mapping?["job1999"]?.mapping?["script"]?.sequence?.count == 5)
    }

    @Test func invalidUTF8IsRefusedWithItsLineAndColumn() throws {
        var bytes = Array("job:\n  script: [\"echo ".utf8) + [0xFF, 0xFE] + Array(" bad\"]\n".utf8)
        do {
            _ = try YAMLLoader.load(bytes: &bytes, file: "ci.yml")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.message == "invalid leading UTF-8 octet (byte 0xFF): the file must be UTF-8 text")
            #expect(error.mark.description == "ci.yml:2:18")
        }
    }

    @Test func sexagesimalNumberPastIntIsAFloatNotATrap() throws {
        let doc = try YAMLLoader.load("x: 99999999999999999999:00\ny: 1:30\n", file: "ci.yml")
        #expect(doc.root?.mapping?["x"]?.scalar?.value == .float(99999999999999999999.0 * 60))
        #expect(doc.root?.mapping?["y"]?.scalar?.value == .int(90))
    }

    @Test func manyRepeatedKeysWarnOnceEachWithTheFirstLine() throws {
        var yaml = ""
        for i in 0..<3000 { yaml += "k\(i): 1\n" }
        for i in 0..<3000 { yaml += "k\(i): 2\n" }
        let doc = try YAMLLoader.load(yaml, file: "ci.yml")
        #expect(doc.warnings.count == 3000)
        #expect(doc.warnings[2999].message.contains("also at line 3000"))
    }
}
