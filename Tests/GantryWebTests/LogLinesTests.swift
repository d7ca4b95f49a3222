import Foundation
import Testing
@testable import GantryWeb

/// How a job log becomes lines: colours as classed spans around escaped text, GitLab's section
/// markers as a header with its duration, carriage returns, and markers a job could forge.
@Suite struct LogLinesTests {
    private func render(_ text: String, open: [String] = [], firstLine: Int = 1) -> (String, LogLines) {
        var lines = LogLines(open: open, firstLine: firstLine)
        return (lines.render(Data(text.utf8)).markup, lines)
    }

    @Test func coloursBecomeSpansAroundEscapedText() {
        let (markup, _) = render("\u{1B}[1;31mfailed <script>x</script>\u{1B}[0m plain\n")
        #expect(markup.contains(#"<span class="term-fg-1 term-bold">failed &lt;script&gt;x&lt;/script&gt;</span> plain"#))
        #expect(!markup.contains("<script>"))
    }

    @Test func sectionsGetAHeaderADurationAndTheirLinesTheirName() {
        let log = "\u{1B}[0Ksection_start:1000:build_step[collapsed=true]\r\u{1B}[0KBuilding\r\ninside\n"
            + "\u{1B}[0Ksection_end:1065:build_step\r\u{1B}[0K\nafter\n"
        let (markup, lines) = render(log, firstLine: 7)
        #expect(markup.contains(#"id="L7" data-s="" data-section="build_step" data-started="1000" data-collapsed"#))
        #expect(markup.contains(#"<span class="section-duration">01:05</span>"#))
        #expect(markup.contains(#"id="L8" data-s="build_step""#))
        #expect(markup.contains(#"id="L10" data-s="""#) && markup.contains(##"href="#L10">10</a>"##))
        #expect(lines.line == 11 && lines.open.isEmpty)
    }

    @Test func aPieceContinuesTheSectionsThePageHasOpen() {
        let (markup, lines) = render("more\n", open: ["outer", "inner"], firstLine: 3)
        #expect(markup.contains(#"data-s="outer inner""#))
        #expect(lines.open == ["outer", "inner"])
    }

    @Test func aCarriageReturnKeepsWhatWasWrittenLast() {
        let (markup, _) = render("10%\r50%\r100% done\n")
        #expect(markup.contains(#"<span class="lt">100% done</span>"#))
    }

    @Test func aForgedMarkerNameCannotLeaveItsAttribute() {
        let (markup, _) = render("section_start:1:ok\"><img src=x onerror=alert(1)>\n")
        #expect(!markup.contains("<img"))
        #expect(markup.contains(#"data-section="ok""#))
    }
}
