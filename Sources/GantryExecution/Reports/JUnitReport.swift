import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A JUnit XML report (`artifacts:reports:junit`), read as GitLab reads it
/// (`Gitlab::Ci::Parsers::Test::Junit`):
/// - the root is `<testsuites>` or `<testsuite>`; test cases count when they sit in a
///   `<testsuite>` (nested suites too, as PHPUnit writes them) or directly in the root
///   `<testsuites>`; anything else (a second level of `<testsuites>`, other roots) is ignored;
/// - a case's status is the first of: a `<failure>` child (failed), `<error>` (error),
///   `<skipped>` (skipped), else success; pytest's `xfail` is a `<skipped>`;
/// - totals are counted from the cases, never taken from the suites' `tests=`/`failures=`
///   attributes, and the time is the sum of the cases' `time=` (a number prefix, as Ruby's
///   `to_f` reads it; missing is 0).
public struct JUnitReport: Sendable, Equatable {
    public struct Case: Sendable, Equatable {
        public enum Status: String, Sendable, Equatable {
            case success, failed, error, skipped
        }

        /// The `name` of the nearest enclosing suite.
        public var suite: String
        public var className: String
        public var name: String
        public var file: String?
        public var time: Double
        public var status: Status
        /// The `message` attribute of the `<failure>`/`<error>`/`<skipped>` element.
        public var message: String?
        /// Its text: usually the traceback.
        public var output: String?

        public init(suite: String, className: String, name: String, file: String? = nil, time: Double = 0,
                    status: Status, message: String? = nil, output: String? = nil) {
            self.suite = suite
            self.className = className
            self.name = name
            self.file = file
            self.time = time
            self.status = status
            self.message = message
            self.output = output
        }
    }

    public var tests = 0
    public var failures = 0
    public var errors = 0
    public var skipped = 0
    /// Seconds: the sum of the cases' times.
    public var time: Double = 0
    /// The failed and errored cases, in document order.
    public var failedCases: [Case] = []
    /// Every case, in document order (the API's test report lists passed ones too).
    public var cases: [Case] = []

    public var passed: Int { tests - failures - errors - skipped }

    public init() {}

    /// Parses one JUnit XML document; `file` names it in errors.
    public static func parse(_ data: Data, file: String) throws(ReportError) -> JUnitReport {
        let parser = XMLParser(data: data)
        let collector = JUnitCollector()
        parser.delegate = collector
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            let line = parser.lineNumber
            let reason = collector.failure ?? parser.parserError.map(describe) ?? "unknown error"
            throw ReportError(file: file, line: line > 0 ? line : nil, message: "JUnit XML parsing failed: \(reason)")
        }
        if let failure = collector.failure {
            throw ReportError(file: file, line: nil, message: "JUnit XML parsing failed: \(failure)")
        }
        var report = JUnitReport()
        for testCase in collector.cases { report.add(testCase) }
        return report
    }

    /// Reads and parses a report file.
    public static func parse(contentsOf url: URL) throws(ReportError) -> JUnitReport {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReportError(file: url.path, line: nil, message: "cannot read the report: \(error.localizedDescription)")
        }
        return try parse(data, file: url.path)
    }

    /// Several reports as one (a job's `junit:` may list many files; GitLab adds them up).
    public static func merge(_ reports: [JUnitReport]) -> JUnitReport {
        var total = JUnitReport()
        for report in reports {
            total.tests += report.tests
            total.failures += report.failures
            total.errors += report.errors
            total.skipped += report.skipped
            total.time += report.time
            total.failedCases += report.failedCases
            total.cases += report.cases
        }
        return total
    }

    private mutating func add(_ testCase: Case) {
        tests += 1
        time += testCase.time
        cases.append(testCase)
        switch testCase.status {
        case .success: break
        case .failed:
            failures += 1
            failedCases.append(testCase)
        case .error:
            errors += 1
            failedCases.append(testCase)
        case .skipped:
            skipped += 1
        }
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let reason = ns.userInfo[NSLocalizedDescriptionKey] as? String, !reason.isEmpty { return reason }
        return "XML error \(ns.code)"
    }

    /// Ruby's `String#to_f`: the leading number, 0 when there is none.
    static func rubyFloat(_ text: String?) -> Double {
        guard let text else { return 0 }
        let scalars = Array(text.unicodeScalars.drop { $0 == " " || $0 == "\t" || $0 == "\n" })
        var end = 0
        var sawDigit = false
        var sawDot = false
        if end < scalars.count, scalars[end] == "-" || scalars[end] == "+" { end += 1 }
        while end < scalars.count {
            let c = scalars[end]
            if ("0"..."9").contains(c) {
                sawDigit = true
            } else if c == ".", !sawDot, end + 1 < scalars.count, ("0"..."9").contains(scalars[end + 1]) {
                sawDot = true
            } else if c == "_", sawDigit, end + 1 < scalars.count, ("0"..."9").contains(scalars[end + 1]) {
                // Ruby allows underscores between digits.
            } else {
                break
            }
            end += 1
        }
        guard sawDigit else { return 0 }
        var number = String(String.UnicodeScalarView(scalars[0..<end])).replacingOccurrences(of: "_", with: "")
        // An exponent, as in 1e-3.
        if end < scalars.count, scalars[end] == "e" || scalars[end] == "E" {
            var j = end + 1
            if j < scalars.count, scalars[j] == "-" || scalars[j] == "+" { j += 1 }
            let digitsStart = j
            while j < scalars.count, ("0"..."9").contains(scalars[j]) { j += 1 }
            if j > digitsStart { number = String(String.UnicodeScalarView(scalars[0..<j])) }
        }
        return Double(number) ?? 0
    }
}

/// SAX handler: tracks the element path and builds cases.
private final class JUnitCollector: NSObject, XMLParserDelegate {
    private struct OpenCase {
        /// Index of the `<testcase>` in the element stack.
        var depth: Int
        var suite: String
        var attributes: [String: String]
        var status: JUnitReport.Case.Status = .success
        var message: String?
        var output = ""
        /// Depth of the result element whose text is being collected, if any.
        var capturing: Int?
    }

    var cases: [JUnitReport.Case] = []
    var failure: String?
    /// Element names from the root down, with each suite's name.
    private var stack: [(name: String, suite: String?)] = []
    private var current: OpenCase?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let depth = stack.count
        if elementName == "testcase", current == nil, casesCount(underPath: stack.map(\.name)) {
            let suite = stack.last(where: { $0.suite != nil })?.suite ?? ""
            current = OpenCase(depth: depth, suite: suite, attributes: attributeDict)
        } else if var open = current, depth == open.depth + 1, let status = Self.status(of: elementName),
                  Self.rank(status) < Self.rank(open.status) {
            // GitLab's precedence: failure, then error, then skipped; the first of a kind.
            open.status = status
            open.message = attributeDict["message"]
            open.output = ""
            open.capturing = depth
            current = open
        }
        let suiteName: String? = (elementName == "testsuite" || elementName == "testsuites") ? (attributeDict["name"] ?? "") : nil
        stack.append((elementName, suiteName))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        stack.removeLast()
        let depth = stack.count
        guard var open = current else { return }
        if depth == open.depth, elementName == "testcase" {
            let text = open.output.trimmingCharacters(in: .whitespacesAndNewlines)
            cases.append(JUnitReport.Case(
                suite: open.suite,
                className: open.attributes["classname"] ?? "",
                name: open.attributes["name"] ?? "",
                file: open.attributes["file"],
                time: JUnitReport.rubyFloat(open.attributes["time"]),
                status: open.status,
                message: open.message,
                output: text.isEmpty ? nil : text))
            current = nil
        } else if open.capturing == depth {
            open.capturing = nil
            current = open
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard var open = current, open.capturing != nil else { return }
        open.output += string
        current = open
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard var open = current, open.capturing != nil else { return }
        open.output += String(decoding: CDATABlock, as: UTF8.self)
        current = open
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if failure == nil {
            let ns = parseError as NSError
            let reason = (ns.userInfo[NSLocalizedDescriptionKey] as? String).flatMap { $0.isEmpty ? nil : $0 }
            failure = "\(reason ?? "malformed XML (error \(ns.code))") at line \(parser.lineNumber), column \(parser.columnNumber)"
        }
    }

    /// GitLab's walk: an optional root `<testsuites>`, then any number of `<testsuite>`;
    /// at least one of them.
    private func casesCount(underPath path: [String]) -> Bool {
        guard let first = path.first else { return false }
        let rest = first == "testsuites" ? path.dropFirst() : path[...]
        guard first == "testsuites" || first == "testsuite" else { return false }
        return rest.allSatisfy { $0 == "testsuite" }
    }

    private static func status(of element: String) -> JUnitReport.Case.Status? {
        switch element {
        case "failure": .failed
        case "error": .error
        case "skipped": .skipped
        default: nil
        }
    }

    /// GitLab checks `failure`, then `error`, then `skipped`.
    private static func rank(_ status: JUnitReport.Case.Status) -> Int {
        switch status {
        case .failed: 0
        case .error: 1
        case .skipped: 2
        case .success: 3
        }
    }
}
