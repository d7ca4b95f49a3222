import Foundation
import Testing
@testable import GantryExecution

struct JobLogTests {
    func makeLog(masked: [String]) throws -> JobLog {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gantry-log-\(UUID().uuidString)/job.log")
        return try JobLog(path: path, job: "j", index: 0, console: Console(colour: false, quiet: true), masked: masked)
    }

    @Test func maskedValuesAreReplacedEvenWhenSplitAcrossReads() throws {
        let log = try makeLog(masked: ["hunter2", "hunter2-longer"])
        log.append(Data("token=hunt".utf8))
        log.append(Data("er2 and hunter2-longer\n".utf8))
        log.close()
        let written = try String(contentsOf: log.path, encoding: .utf8)
        #expect(!written.contains("hunter2"))
        #expect(written.contains("token=[MASKED] and [MASKED]"))
    }

    @Test func sectionsAreKeptInTheFile() throws {
        let log = try makeLog(masked: [])
        log.sectionStart("step_script", "Executing")
        log.append(Data("hello\n".utf8))
        log.sectionEnd("step_script")
        log.close()
        let written = try String(contentsOf: log.path, encoding: .utf8)
        #expect(written.contains("section_start:"))
        #expect(written.contains(":step_script\r\u{1B}[0KExecuting"))
        #expect(written.contains("section_end:"))
    }

    @Test func aLastLineWithoutNewlineIsKept() throws {
        let log = try makeLog(masked: [])
        log.append(Data("partial".utf8))
        log.close()
        #expect(try String(contentsOf: log.path, encoding: .utf8) == "partial\n")
    }
}
