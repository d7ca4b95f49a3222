import Foundation
import Testing
@testable import GantryExecution

@Suite("JUnit reports")
struct JUnitReportTests {
    @Test func unittestXmlReportingPerClassFile() throws {
        let report = try JUnitReport.parse(fixture("unittest-xml-reporting-TEST-CalcTests.xml"), file: "TEST-CalcTests.xml")
        #expect(report.tests == 5)
        #expect(report.failures == 1)
        #expect(report.errors == 1)
        #expect(report.skipped == 2)  // skip and expectedFailure
        #expect(report.passed == 1)
        #expect(abs(report.time - 0.006) < 1e-9)
        #expect(report.failedCases.map(\.name) == ["test_add_wrong", "test_div_zero"])
        let failure = try #require(report.failedCases.first)
        #expect(failure.status == .failed)
        #expect(failure.className == "CalcTests")
        #expect(failure.suite == "CalcTests-20261122021908")
        #expect(failure.file == "test_calc.py")
        #expect(failure.message == "4 != 5 : 2 + 2 should be 5 <here> & \"quoted\"")
        #expect(failure.output?.hasPrefix("Traceback (most recent call last):") == true)
        #expect(report.failedCases[1].status == .error)
        #expect(report.failedCases[1].message == "division by zero")
    }

    @Test func unittestXmlReportingSingleFile() throws {
        let report = try JUnitReport.parse(fixture("unittest-xml-reporting-single.xml"), file: "single.xml")
        #expect(report.tests == 6)
        #expect((report.failures, report.errors, report.skipped, report.passed) == (1, 1, 2, 2))
        #expect(report.failedCases.map(\.className) == ["test_calc.CalcTests", "test_calc.CalcTests"])
    }

    @Test func pytest() throws {
        let report = try JUnitReport.parse(fixture("pytest-junit.xml"), file: "pytest.xml")
        #expect(report.tests == 6)
        #expect((report.failures, report.errors, report.skipped, report.passed) == (2, 0, 2, 2))
        #expect(report.failedCases.map(\.name) == ["test_add_wrong", "test_div_zero"])
        #expect(report.failedCases[1].message == "ZeroDivisionError: division by zero")
        #expect(report.failedCases[1].output?.hasSuffix("pkg/calc.py:5: ZeroDivisionError") == true)
        #expect(report.failedCases[0].suite == "pytest")
    }

    @Test func pytestFixtureError() throws {
        let report = try JUnitReport.parse(fixture("pytest-junit-error.xml"), file: "pytest.xml")
        #expect(report.tests == 8)
        #expect((report.failures, report.errors, report.skipped, report.passed) == (2, 1, 2, 3))
        let error = try #require(report.failedCases.last)
        #expect(error.status == .error)
        #expect(error.className == "test_fixture_err")
        #expect(error.message == "failed on setup with \"RuntimeError: fixture exploded\"")
    }

    @Test func mergeAddsUp() throws {
        let a = try JUnitReport.parse(fixture("pytest-junit.xml"), file: "a")
        let b = try JUnitReport.parse(fixture("unittest-xml-reporting-single.xml"), file: "b")
        let total = JUnitReport.merge([a, b])
        #expect(total.tests == 12)
        #expect(total.failures == 3)
        #expect(total.failedCases.count == 4)
        #expect(abs(total.time - (a.time + b.time)) < 1e-9)
    }

    @Test func structureAsGitLabWalksIt() throws {
        let xml = """
            <testsuites name="root">
              <testcase classname="top" name="direct" time="1.5"/>
              <testsuite name="outer">
                <testsuite name="inner">
                  <testcase classname="c" name="nested" time="2"><skipped/></testcase>
                </testsuite>
                <testcase classname="c" name="both"><error message="e"/><failure message="f">boom</failure></testcase>
              </testsuite>
              <testsuites><testsuite name="ignored"><testcase name="deep"/></testsuite></testsuites>
            </testsuites>
            """
        let report = try JUnitReport.parse(Data(xml.utf8), file: "x.xml")
        #expect(report.tests == 3)
        #expect(report.skipped == 1)
        #expect(report.failures == 1)
        #expect(report.errors == 0)
        #expect(report.time == 3.5)
        let both = try #require(report.failedCases.first)
        #expect(both.status == .failed && both.message == "f" && both.output == "boom" && both.suite == "outer")

        let other = try JUnitReport.parse(Data("<results><testcase name='x'/></results>".utf8), file: "y.xml")
        #expect(other.tests == 0)
    }

    @Test func timeIsReadLikeRubysToF() {
        #expect(JUnitReport.rubyFloat("0.25") == 0.25)
        #expect(JUnitReport.rubyFloat("12s") == 12)
        #expect(JUnitReport.rubyFloat("1e-3") == 0.001)
        #expect(JUnitReport.rubyFloat("1,234.5") == 1)
        #expect(JUnitReport.rubyFloat("abc") == 0)
        #expect(JUnitReport.rubyFloat(nil) == 0)
    }

    @Test func malformedXmlNamesTheFile() {
        let error = #expect(throws: ReportError.self) {
            try JUnitReport.parse(Data("<testsuite name='a'>\n<testcase name='x'>\n</testsuite>".utf8), file: "reports/broken.xml")
        }
        #expect(error?.file == "reports/broken.xml")
        #expect(error?.description.hasPrefix("reports/broken.xml:") == true)
        #expect(error?.message.hasPrefix("JUnit XML parsing failed") == true)
    }
}

@Suite("Dotenv reports")
struct DotenvReportTests {
    private func parse(_ text: String, limits: DotenvReport.Limits = .init()) throws(ReportError) -> [String] {
        try DotenvReport.parse(text, file: "build.env", limits: limits).map { "\($0.0)=\($0.1)" }
    }

    @Test func keyValueLines() throws {
        #expect(try parse("A=1\nB_2=two words\n") == ["A=1", "B_2=two words"])
        #expect(try parse("  URL = https://x.test/?a=b&c=d  \r\n") == ["URL=https://x.test/?a=b&c=d"])
        #expect(try parse("EMPTY=") == ["EMPTY="])
        #expect(try parse("9LIVES=cat") == ["9LIVES=cat"])  // GitLab's key rule allows a leading digit
    }

    @Test func quotesAndHashesAreKept() throws {
        #expect(try parse("Q=\"quoted\"\nS='single'\nH=a#b # not a comment\nV=$HOME\n")
            == ["Q=\"quoted\"", "S='single'", "H=a#b # not a comment", "V=$HOME"])
    }

    @Test func lastValueWinsAtFirstPosition() throws {
        #expect(try parse("A=1\nB=2\nA=3\n") == ["A=3", "B=2"])
    }

    @Test(arguments: [
        ("A=1\n\nB=2\n", 2, "empty line"),
        ("A=1\n\n", 2, "empty line"),
        ("# comment\nA=1\n", 1, "comment"),
        ("#A=1\n", 1, "comment"),
        ("A=1\njust text\n", 2, "invalid format"),
        ("=value\n", 1, "the variable name is empty"),
        ("MY-VAR=1\n", 1, "invalid variable name \"MY-VAR\""),
        ("export A=1\n", 1, "invalid variable name \"export A\""),
    ])
    func badLinesNameFileAndLine(text: String, line: Int, message: String) {
        let error = #expect(throws: ReportError.self) { try parse(text) }
        #expect(error?.file == "build.env")
        #expect(error?.line == line)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
        #expect(error?.description.hasPrefix("build.env:\(line): ") == true)
    }

    @Test func limits() throws {
        let twenty = (1...20).map { "V\($0)=\($0)" }.joined(separator: "\n")
        #expect(try parse(twenty).count == 20)
        let tooMany = #expect(throws: ReportError.self) { try parse(twenty + "\nV21=21") }
        #expect(tooMany?.message.contains("more than 20 variables") == true)
        // Duplicates count once.
        #expect(try parse(twenty + "\nV1=again").count == 20)
        let big = "A=" + String(repeating: "x", count: 5 * 1024)
        let tooBig = #expect(throws: ReportError.self) { try parse(big) }
        #expect(tooBig?.message.contains("too big") == true)
        #expect(try parse("A=1\nB=2", limits: .init(bytes: 100, variables: 2)).count == 2)
    }

    @Test func encodings() throws {
        var bom = Data([0xEF, 0xBB, 0xBF])
        bom.append(Data("A=é\n".utf8))
        #expect(try DotenvReport.parse(bom, file: "f").map { "\($0.0)=\($0.1)" } == ["A=é"])
        var utf16 = Data([0xFF, 0xFE])
        for unit in "B=2\r\n".utf16 { utf16.append(contentsOf: [UInt8(unit & 0xFF), UInt8(unit >> 8)]) }
        #expect(try DotenvReport.parse(utf16, file: "f").map { "\($0.0)=\($0.1)" } == ["B=2"])
    }

    @Test func severalFilesShareTheLimits() throws {
        let files = [("a.env", Data("A=1\nB=2\n".utf8)), ("b.env", Data("B=3\nC=4\n".utf8))]
        #expect(try DotenvReport.parse(files).map { "\($0.0)=\($0.1)" } == ["A=1", "B=3", "C=4"])
        #expect(throws: ReportError.self) { try DotenvReport.parse(files, limits: .init(variables: 2)) }
    }
}

@Suite("Coverage extraction")
struct CoverageExtractorTests {
    /// The regex GitLab's documentation gives for pytest-cov and coverage.py.
    private let pytestCov = #"/TOTAL.*? (100(?:\.0+)?\%|[1-9]?\d(?:\.\d+)?\%)$/"#

    @Test func coveragePyTotalLine() throws {
        #expect(CoverageExtractor.coverage(regex: pytestCov, in: try fixtureText("coverage-report.txt")) == 62)
        #expect(CoverageExtractor.coverage(regex: pytestCov, in: try fixtureText("pytest-cov.log")) == 62)
        #expect(CoverageExtractor.coverage(regex: pytestCov, in: try fixtureText("pytest-cov-branch.log")) == 50)
        // A simpler, common form.
        #expect(CoverageExtractor.coverage(regex: #"/^TOTAL.+?(\d+\%)$/"#, in: try fixtureText("pytest-cov.log")) == 62)
    }

    @Test func lastMatchingLineWins() {
        let log = "Coverage: 10.5%\nmore output\nCoverage: 87.25%\nCoverage: none\ndone\n"
        #expect(CoverageExtractor.coverage(regex: "/Coverage: .*/", in: log) == 87.25)
    }

    @Test func lastGroupOfLastMatchThenFirstNumber() {
        // No groups: the whole match; its first number.
        #expect(CoverageExtractor.coverage(regex: #"/lines \d+ of \d+, \d+%/"#, in: "lines 80 of 100, 80%") == 80)
        // Groups: the last group of the last match on the line.
        #expect(CoverageExtractor.coverage(regex: #"/(\w+)=(\d+(?:\.\d+)?)%/"#, in: "a=10% b=20% c=30.5%") == 30.5)
        #expect(CoverageExtractor.coverage(regex: #"/(\w+)=(\d+)%/"#, in: "a=10% b=20% c=30.5%") == 20)
        #expect(CoverageExtractor.coverage(regex: "/covered/", in: "covered\n") == nil)
    }

    @Test func crlfLogsAndFlags() {
        let log = "TOTAL   12   3   75%\r\nok\r\n"
        #expect(CoverageExtractor.coverage(regex: pytestCov, in: log) == 75)
        #expect(CoverageExtractor.coverage(regex: #"/total\s+\d+\s+\d+\s+(\d+)%/i"#, in: log) == 75)
    }

    @Test func invalidOrMissingRegex() {
        #expect(CoverageExtractor.coverage(regex: "/(unclosed/", in: "x 1%") == nil)
        #expect(throws: CoverageRegexError.self) { try CoverageExtractor("no slashes") }
        #expect(throws: CoverageRegexError.self) { try CoverageExtractor(#"/(?=lookahead)\d+/"#) }
        #expect(CoverageExtractor.coverage(regex: pytestCov, in: "") == nil)
    }
}
