import GantryPipeline
import Testing

@Suite struct DurationParserTests {
    @Test(arguments: [
        ("1h 30m", 5400),
        ("2 hours", 7200),
        ("90 minutes", 5400),
        ("3 days", 259_200),
        ("1 week", 604_800),
        ("2 weeks", 1_209_600),
        ("1 month", 2_592_000),
        ("1 year", 31_557_600),
        ("90", 90),
        ("45s", 45),
        ("1h30m", 5400),
        ("1 hour and 30 minutes", 5400),
        ("1 hr, 30 min", 5400),
        ("1.5 hours", 5400),
        ("hour", 3600),
        ("1:30", 90),
        ("1:00:00", 3600),
        ("2 Days", 172_800),
        ("1 d 2 h", 93_600),
        ("1 2", 2),
    ])
    func parses(text: String, seconds: Int) {
        #expect(DurationParser.seconds(text) == seconds, "\(text)")
    }

    @Test(arguments: ["never", "soon", "", "0", "0 seconds", "-5 minutes", "1 eon", "1e3", "five minutes", "1 h x"])
    func rejects(text: String) {
        #expect(DurationParser.seconds(text) == nil, "\(text)")
    }

    @Test func neverIsOnlyForExpireIn() {
        #expect(DurationParser.isNever("never"))
        #expect(DurationParser.isNever("Never"))
        #expect(!DurationParser.isNever("1 day"))
        #expect(DurationParser.seconds("never") == nil)
    }
}
