import Testing
import GantryPipeline

/// Evaluates a `rules:if` expression the way the planner does.
private func matches(_ expression: String, _ variables: [String: String] = [:]) throws -> Bool {
    try RuleExpression(expression).evaluate(variables)
}

/// The error an invalid expression raises, or nil if it parses.
private func syntaxError(_ expression: String) -> ExpressionError? {
    do {
        _ = try RuleExpression(expression)
        return nil
    } catch {
        return error
    }
}

// MARK: - Equality

@Test func equalityComparesVariableWithString() throws {
    #expect(try matches(#"$CI_COMMIT_BRANCH == "main""#, ["CI_COMMIT_BRANCH": "main"]))
    #expect(try !matches(#"$CI_COMMIT_BRANCH == "main""#, ["CI_COMMIT_BRANCH": "develop"]))
    #expect(try !matches(#"$CI_COMMIT_BRANCH == "main""#, [:]))
    // Values are compared exactly: no case folding, no trimming.
    #expect(try !matches(#"$CI_COMMIT_BRANCH == "main""#, ["CI_COMMIT_BRANCH": "Main"]))
    #expect(try !matches(#"$CI_COMMIT_BRANCH == "main""#, ["CI_COMMIT_BRANCH": "main "]))
}

@Test func inequality() throws {
    #expect(try matches(#"$CI_PIPELINE_SOURCE != "schedule""#, ["CI_PIPELINE_SOURCE": "push"]))
    #expect(try !matches(#"$CI_PIPELINE_SOURCE != "schedule""#, ["CI_PIPELINE_SOURCE": "schedule"]))
    // An undefined variable is null, which is not equal to any string.
    #expect(try matches(#"$CI_PIPELINE_SOURCE != "schedule""#, [:]))
}

@Test func stringOnTheLeftAndTwoVariables() throws {
    #expect(try matches(#""main" == $BRANCH"#, ["BRANCH": "main"]))
    #expect(try matches("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", ["CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"]))
    #expect(try !matches("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", ["CI_COMMIT_BRANCH": "dev", "CI_DEFAULT_BRANCH": "main"]))
    #expect(try matches("$CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH", ["CI_COMMIT_BRANCH": "dev", "CI_DEFAULT_BRANCH": "main"]))
    // Two undefined variables are both null, and null == null (as in GitLab).
    #expect(try matches("$UNDEFINED_A == $UNDEFINED_B"))
}

@Test func stringsCompareByteForByte() throws {
    // "é" precomposed vs "e" + combining accent: Swift's == calls them equal, Ruby does not.
    #expect(try !matches("$NAME == \"caf\u{E9}\"", ["NAME": "cafe\u{301}"]))
    #expect(try matches("$NAME == \"caf\u{E9}\"", ["NAME": "caf\u{E9}"]))
}

@Test func singleAndDoubleQuotedStrings() throws {
    #expect(try matches("$V == 'some value'", ["V": "some value"]))
    #expect(try matches(#"$V == "some value""#, ["V": "some value"]))
    #expect(try matches(#"$V == "it's""#, ["V": "it's"]))
    #expect(try matches(#"$V == 'say "hi"'"#, ["V": #"say "hi""#]))
    // No escapes inside strings: a backslash is an ordinary character.
    #expect(try matches(#"$V == "a\nb""#, ["V": #"a\nb"#]))
    // Operators inside strings are just text.
    #expect(try matches(#"$V == "a && b || (c)""#, ["V": "a && b || (c)"]))
}

// MARK: - null, empty and undefined

@Test func nullTellsDefinedFromUndefined() throws {
    #expect(try matches("$VARIABLE == null", [:]))
    #expect(try !matches("$VARIABLE == null", ["VARIABLE": ""]))
    #expect(try !matches("$VARIABLE == null", ["VARIABLE": "x"]))
    #expect(try matches("$VARIABLE != null", ["VARIABLE": ""]))
    #expect(try !matches("$VARIABLE != null", [:]))
    #expect(try matches("null == $VARIABLE", [:]))
}

@Test func emptyStringTellsEmptyFromUndefined() throws {
    #expect(try matches(#"$VARIABLE == """#, ["VARIABLE": ""]))
    #expect(try matches("$VARIABLE == ''", ["VARIABLE": ""]))
    #expect(try !matches(#"$VARIABLE == """#, [:]))
    #expect(try matches(#"$VARIABLE != """#, [:]))
    #expect(try !matches(#"$VARIABLE != """#, ["VARIABLE": ""]))
}

@Test func bareVariableIsTrueWhenSetAndNotBlank() throws {
    #expect(try matches("$CI_COMMIT_TAG", ["CI_COMMIT_TAG": "v1.0"]))
    #expect(try !matches("$CI_COMMIT_TAG", [:]))
    #expect(try !matches("$CI_COMMIT_TAG", ["CI_COMMIT_TAG": ""]))
    // ActiveSupport's present?: whitespace-only is blank too.
    #expect(try !matches("$CI_COMMIT_TAG", ["CI_COMMIT_TAG": "  \t"]))
    #expect(try matches("$CI_COMMIT_TAG", ["CI_COMMIT_TAG": "false"]))
    #expect(try matches("$CI_COMMIT_TAG", ["CI_COMMIT_TAG": "0"]))
}

@Test func bareLiterals() throws {
    #expect(try matches(#""some value""#))
    #expect(try !matches(#""""#))
    #expect(try !matches("null"))
    #expect(try matches("true"))
    #expect(try !matches("false"))
    // true and false are keywords, not strings: a variable holding "true" is not equal to true.
    #expect(try !matches("$FLAG == true", ["FLAG": "true"]))
    #expect(try matches(#"$FLAG == "true""#, ["FLAG": "true"]))
}

@Test func bracedVariablesAreNotVariablesInExpressions() throws {
    // GitLab's Lexeme::Variable is `\$(?<name>\w+)`: at `${` its lexer finds no lexeme.
    #expect(syntaxError(#"${CI_COMMIT_BRANCH} == "main""#) == ExpressionError(column: 1, message: "Unknown lexeme found!"))
    #expect(syntaxError(#"$CI_COMMIT_BRANCH == ${MAIN}"#) == ExpressionError(column: 22, message: "Unknown lexeme found!"))
    #expect(syntaxError(#"${} == "main""#)?.column == 1)
    // Inside a string it is text.
    #expect(try matches(#"$A == "${B}""#, ["A": "${B}"]))
}

@Test func variableNamesTakeWordCharactersOnly() throws {
    #expect(try matches("$A1_b == 'x'", ["A1_b": "x"]))
    // `$A-B` is the variable A followed by an unknown `-`.
    #expect(syntaxError("$A-B == 'x'") == ExpressionError(column: 3, message: "Unknown lexeme found!"))
}

// MARK: - Regular expressions

@Test func regexMatchIsUnanchoredAndCaseSensitive() throws {
    #expect(try matches("$CI_COMMIT_BRANCH =~ /issue/", ["CI_COMMIT_BRANCH": "severe-issues"]))
    #expect(try !matches("$CI_COMMIT_BRANCH =~ /^issue-.*$/", ["CI_COMMIT_BRANCH": "severe-issues"]))
    #expect(try matches("$CI_COMMIT_BRANCH =~ /^issue-.*$/", ["CI_COMMIT_BRANCH": "issue-42"]))
    #expect(try !matches("$CI_COMMIT_BRANCH =~ /issue/", ["CI_COMMIT_BRANCH": "ISSUE-42"]))
    #expect(try matches(#"$CI_COMMIT_TAG =~ /^v\d+\.\d+/"#, ["CI_COMMIT_TAG": "v12.3.0"]))
    #expect(try !matches(#"$CI_COMMIT_TAG =~ /^v\d+\.\d+/"#, ["CI_COMMIT_TAG": "v12-3"]))
}

@Test func regexNotMatch() throws {
    #expect(try matches("$CI_COMMIT_REF_NAME !~ /^v[0-9]/", ["CI_COMMIT_REF_NAME": "main"]))
    #expect(try !matches("$CI_COMMIT_REF_NAME !~ /^v[0-9]/", ["CI_COMMIT_REF_NAME": "v2"]))
}

@Test func regexAgainstUndefinedVariable() throws {
    // GitLab matches `nil.to_s`, the empty string.
    #expect(try !matches("$UNDEFINED =~ /release/"))
    #expect(try matches("$UNDEFINED !~ /release/"))
    #expect(try matches("$UNDEFINED =~ /^$/"))
    #expect(try matches("$EMPTY =~ /.*/", ["EMPTY": ""]))
}

@Test func caseInsensitiveFlag() throws {
    #expect(try matches("$CI_COMMIT_MESSAGE =~ /skip-e2e/i", ["CI_COMMIT_MESSAGE": "Docs only [SKIP-E2E]"]))
    #expect(try !matches("$CI_COMMIT_MESSAGE =~ /skip-e2e/", ["CI_COMMIT_MESSAGE": "Docs only [SKIP-E2E]"]))
}

@Test func multilineAndDotAllFlagsFollowRE2() throws {
    let message = ["MSG": "Fix the parser\n\nCloses #12"]
    // RE2 `m`: ^ and $ match at line boundaries (not Ruby's meaning).
    #expect(try !matches("$MSG =~ /^Closes/", message))
    #expect(try matches("$MSG =~ /^Closes/m", message))
    // RE2 `s`: . also matches a newline.
    #expect(try !matches("$MSG =~ /parser.+Closes/", message))
    #expect(try matches("$MSG =~ /parser.+Closes/s", message))
    #expect(try matches("$MSG =~ /^closes #\\d+$/im", message))
    // `U` (ungreedy) is accepted; it cannot change whether a pattern matches.
    #expect(try matches("$MSG =~ /parser.+Closes/sU", message))
}

@Test func dollarIsEndOfTextNotBeforeATrailingNewline() throws {
    // RE2 `$` without `m` is `\z`; ICU's default `$` would also match before a final "\n".
    #expect(try !matches("$CI_COMMIT_MESSAGE =~ /fix$/", ["CI_COMMIT_MESSAGE": "quick fix\n"]))
    #expect(try matches("$CI_COMMIT_MESSAGE =~ /fix$/", ["CI_COMMIT_MESSAGE": "quick fix"]))
    #expect(try matches("$CI_COMMIT_MESSAGE =~ /fix$/m", ["CI_COMMIT_MESSAGE": "quick fix\n"]))
}

@Test func perlClassesAreASCIIAsInRE2() throws {
    #expect(try !matches(#"$V =~ /^\d+$/"#, ["V": "\u{661}\u{662}"]))  // Arabic-Indic digits
    #expect(try matches(#"$V =~ /^\d+$/"#, ["V": "12"]))
    #expect(try !matches(#"$V =~ /^\w+$/"#, ["V": "caf\u{E9}"]))
    #expect(try matches(#"$V =~ /^[[:alpha:]]+-\pL+$/"#, ["V": "abc-caf\u{E9}"]))
}

@Test func escapedSlashInRegex() throws {
    #expect(try matches(#"$CI_PROJECT_PATH =~ /^group\/project$/"#, ["CI_PROJECT_PATH": "group/project"]))
    #expect(try !matches(#"$CI_PROJECT_PATH =~ /^group\/project$/"#, ["CI_PROJECT_PATH": "group-project"]))
}

@Test func regexLiteralEndsAtFirstUnescapedSlash() throws {
    #expect(try matches("$A =~ /ab/ && $B =~ /cd/", ["A": "xaby", "B": "cd"]))
    #expect(try !matches("$A =~ /ab/ && $B =~ /cd/", ["A": "xaby", "B": "c"]))
}

@Test func regexHeldInAVariable() throws {
    let pattern = ["pattern": "/^ab.*/"]
    #expect(try matches("$teststring =~ $pattern", pattern.merging(["teststring": "abcde"]) { a, _ in a }))
    #expect(try !matches("$teststring =~ $pattern", pattern.merging(["teststring": "fghij"]) { a, _ in a }))
    #expect(try matches("$teststring !~ $pattern", pattern.merging(["teststring": "fghij"]) { a, _ in a }))
    // Flags work there too, and a variable may hold a one-character pattern.
    #expect(try matches("$T =~ $P", ["T": "MAIN", "P": "/^main$/i"]))
    #expect(try matches("$T =~ $P", ["T": "x", "P": "/./"]))
    // Variables inside a pattern are not expanded.
    #expect(try !matches("$T =~ $P", ["T": "regex-job2", "P": "/$string2/", "string2": "regex-job2"]))
}

@Test func stringOnTheRightThatLooksLikeARegex() throws {
    #expect(try matches(#"$CI_COMMIT_REF_NAME =~ "/^release/""#, ["CI_COMMIT_REF_NAME": "release-1.0"]))
    #expect(try !matches(#"$CI_COMMIT_REF_NAME =~ "/^release/""#, ["CI_COMMIT_REF_NAME": "pre-release"]))
}

@Test func nonRegexOnTheRightIsASubstringSearchOfTheLeftInTheRight() throws {
    // GitLab's documented pitfall: `"23" =~ "1234"` is true, `"23" =~ /1234/` is false.
    #expect(try matches(#""23" =~ "1234""#))
    #expect(try !matches(#""23" =~ /1234/"#))
    #expect(try !matches(#""1234" =~ "23""#))
    #expect(try matches("$T =~ $P", ["T": "ab", "P": "xaby"]))
    // A variable holding an invalid regex falls back to the same substring search.
    #expect(try matches("$T =~ $P", ["T": "(abc", "P": "/(abc/"]))
    #expect(try !matches("$T =~ $P", ["T": "xyz", "P": "/(abc/"]))
}

@Test func undefinedPatternVariable() throws {
    #expect(try !matches("$T =~ $UNDEFINED", ["T": "abc"]))
    #expect(try matches("$T !~ $UNDEFINED", ["T": "abc"]))
}

@Test func regexFeaturesRE2LacksAreSyntaxErrors() {
    // Look-ahead and back-references would work in ICU, but GitLab (RE2) rejects them.
    let lookahead = syntaxError("$CI_COMMIT_REF_NAME =~ /^(?!main$)./")
    #expect(lookahead?.column == 24)
    #expect(lookahead?.message.hasPrefix("Invalid regular expression!") == true)
    #expect(syntaxError(#"$V =~ /(a)\1/"#)?.column == 7)
    #expect(syntaxError("$V =~ /a**/")?.column == 7)
    #expect(syntaxError("$V =~ /a{1001}/")?.column == 7)
    #expect(syntaxError("$V =~ /ab(c/") == ExpressionError(column: 7, message: "Invalid regular expression! (missing ))"))
    #expect(syntaxError("$V =~ /[ab/")?.message == "Invalid regular expression! (missing ])")
    // What RE2 does accept.
    #expect(syntaxError(#"$V =~ /(?P<major>\d+)\.(?i:x)[^\]]{2,3}?\x{41}\Q.*\E$/"#) == nil)
}

@Test func regexNeedsAtLeastTwoCharacters() {
    // Documented: single-character regular expressions like /./ are not supported.
    #expect(syntaxError("$V =~ /./") == ExpressionError(column: 7, message: "Unknown lexeme found!"))
    #expect(syntaxError("$V =~ //") == ExpressionError(column: 7, message: "Unknown lexeme found!"))
}

@Test func unsupportedRegexFlag() {
    // Only i, m, s and U are flags; `x` is left over as an unknown lexeme.
    #expect(syntaxError("$V =~ /ab/x") == ExpressionError(column: 11, message: "Unknown lexeme found!"))
}

// MARK: - && and ||

@Test func andBindsTighterThanOr() throws {
    let expression = #"$A == "1" || $B == "1" && $C == "1""#
    // Read as A || (B && C): true when only A holds.
    #expect(try matches(expression, ["A": "1", "B": "0", "C": "0"]))
    #expect(try !matches(expression, ["A": "0", "B": "1", "C": "0"]))
    #expect(try matches(expression, ["A": "0", "B": "1", "C": "1"]))
}

@Test func parenthesesOverridePrecedence() throws {
    let expression = #"($A == "1" || $B == "1") && $C == "1""#
    #expect(try !matches(expression, ["A": "1", "B": "0", "C": "0"]))
    #expect(try matches(expression, ["A": "1", "B": "0", "C": "1"]))
    let documented = #"($CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH || $CI_COMMIT_BRANCH == "develop") && $MY_VARIABLE"#
    #expect(try matches(documented, ["CI_COMMIT_BRANCH": "develop", "CI_DEFAULT_BRANCH": "main", "MY_VARIABLE": "1"]))
    #expect(try !matches(documented, ["CI_COMMIT_BRANCH": "develop", "CI_DEFAULT_BRANCH": "main"]))
    #expect(try !matches(documented, ["CI_COMMIT_BRANCH": "feature", "CI_DEFAULT_BRANCH": "main", "MY_VARIABLE": "1"]))
    let nested = #"$CI_COMMIT_BRANCH == "my-branch" || (($V1 == "thing" || $V2 == "thing") && $V3)"#
    #expect(try matches(nested, ["V2": "thing", "V3": "x"]))
    #expect(try !matches(nested, ["V2": "thing"]))
}

@Test func andOrReturnOperandValuesLikeRuby() throws {
    // Ruby's `"" && x` is x: the empty string is truthy there, although `$EMPTY` alone is false.
    #expect(try matches("$EMPTY && $FLAG", ["EMPTY": "", "FLAG": "yes"]))
    #expect(try !matches("$EMPTY", ["EMPTY": ""]))
    #expect(try !matches("$UNDEFINED && $FLAG", ["FLAG": "yes"]))
    // `"" || nil` is "", which is blank.
    #expect(try !matches("$EMPTY || $UNDEFINED", ["EMPTY": ""]))
    #expect(try matches("$UNDEFINED || $FLAG", ["FLAG": "yes"]))
    // The value of a group takes part in a comparison.
    #expect(try matches(#"($A || $B) == "x""#, ["B": "x"]))
    #expect(try !matches(#"($A || $B) == "x""#, ["A": "y", "B": "x"]))
}

@Test func whitespaceIsOptionalAndFlexible() throws {
    #expect(try matches(#"$A=="x"&&$B=~/^y+$/"#, ["A": "x", "B": "yy"]))
    #expect(try matches("\t$A ==\n'x'  ", ["A": "x"]))
}

// MARK: - Syntax errors

@Test(arguments: [
    // (expression, column, message)
    ("", 1, "Empty parse tree"),
    ("   ", 1, "Empty parse tree"),
    (#"$A = "x""#, 4, "Unknown lexeme found!"),
    ("$A & $B", 4, "Unknown lexeme found!"),
    ("$A | $B", 4, "Unknown lexeme found!"),
    (#"$ == "x""#, 1, "Unknown lexeme found!"),
    ("!$A", 1, "Unknown lexeme found!"),
    ("$A == 12345", 7, "Unknown lexeme found!"),
    (#"$A == "unterminated"#, 7, "Unknown lexeme found!"),
    ("$A == 'unterminated", 7, "Unknown lexeme found!"),
    ("$A =~ /unterminated", 7, "Unknown lexeme found!"),
    ("$A == nullish", 11, "Unknown lexeme found!"),
    (#"$A == "x" &&"#, 11, "Invalid right operand"),
    ("$VAR ==", 6, "Invalid right operand"),
    ("$A && || $B", 4, "Invalid right operand"),
    ("$A == )", 4, "Invalid right operand"),
    (#"== "123""#, 1, "Invalid left operand"),
    ("($A || (&& $B))", 9, "Invalid left operand"),
    (#"$VAR "text""#, 6, "Unreachable nodes in parse tree"),
    (#"($A == "x") $B"#, 13, "Unreachable nodes in parse tree"),
    (#"($A == "x" $B)"#, 12, "Unreachable nodes in parse tree"),
    (#"$VAR == ("#, 9, "Unmatched parenthesis"),
    (#"(($VAR == "aa")"#, 1, "Unmatched parenthesis"),
    (#"$VAR == "aa")"#, 13, "Unmatched parenthesis"),
    (#"($VAR == "aa"))"#, 15, "Unmatched parenthesis"),
    (")", 1, "Unmatched parenthesis"),
    ("$A && ()", 7, "Empty parse tree"),
    ("$V =~ /a(/", 7, "Invalid regular expression! (missing ))"),
])
func syntaxErrorsReportColumnAndMessage(expression: String, column: Int, message: String) {
    #expect(syntaxError(expression) == ExpressionError(column: column, message: message))
}

@Test func errorColumnsCountCharactersNotBytes() {
    // "é" and "日本" are one column per character.
    #expect(syntaxError(#""é日本" == $A ="#)?.column == 13)
}

@Test func tokenLimitIsGitLabs() throws {
    // GitLab's lexer scans at most 100 tokens and gives up unless it reached the end first,
    // so 99 tokens is the longest valid expression.
    let fifty = (1...50).map { "$V\($0)" }
    let ninetyNine = fifty.joined(separator: " || ")
    #expect(try matches(ninetyNine, ["V50": "x"]))
    let hundred = ninetyNine + " ||"
    #expect(syntaxError(hundred) == ExpressionError(column: ninetyNine.count + 2, message: "Too many tokens!"))
}

// MARK: - API

@Test func variableNamesInOrderOfFirstMention() throws {
    let expression = try RuleExpression(#"$B == $A || ($B =~ /x+/ && "lit" != $C_1) || null"#)
    #expect(expression.variableNames == ["B", "A", "C_1"])
    #expect(expression.source == #"$B == $A || ($B =~ /x+/ && "lit" != $C_1) || null"#)
    #expect(try RuleExpression(#""no variables""#).variableNames.isEmpty)
}

@Test func anExpressionIsReusableAcrossVariableSets() throws {
    let expression = try RuleExpression(#"$CI_PIPELINE_SOURCE == "merge_request_event" || $CI_COMMIT_TAG =~ /^v\d/"#)
    #expect(expression.evaluate(["CI_PIPELINE_SOURCE": "merge_request_event"]))
    #expect(expression.evaluate(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_TAG": "v1.2"]))
    #expect(!expression.evaluate(["CI_PIPELINE_SOURCE": "push", "CI_COMMIT_TAG": "release-1"]))
    #expect(!expression.evaluate([:]))
}

// MARK: - RE2

@Test func exponentialBacktrackingPatternAnswersAtOnceOnALongValue() throws {
    // A backtracking engine takes seconds at 26 characters; RE2 is linear in the text.
    let long = String(repeating: "a", count: 100_000)
    #expect(try !matches("$V =~ /(a|a)*b/", ["V": long]))
    #expect(try matches("$V =~ /(a|a)*b/", ["V": long + "b"]))
    #expect(try matches("$V !~ /(a+)+$x/", ["V": long]))
}

@Test func re2SemanticsOfAnchorsAndClasses() throws {
    // RE2 without `m`: `$` is the end of the text only, never before a final newline.
    #expect(try !matches("$V =~ /a$/", ["V": "a\n"]))
    #expect(try matches("$V =~ /a$/m", ["V": "a\nb"]))
    #expect(try !matches("$V =~ /a.b/", ["V": "a\nb"]))
    #expect(try matches("$V =~ /a.b/s", ["V": "a\nb"]))
    // Perl classes are ASCII in RE2.
    #expect(try !matches(#"$V =~ /^\d$/"#, ["V": "٣"]))
    #expect(try matches("$V =~ /^RELEASE/i", ["V": "release-1"]))
}

@Test func scanAndGroupsComeFromRE2() throws {
    let regex = try GitLabRegex.compile(pattern: #"(\d+)\.(\d+)"#, flags: "").get()
    #expect(regex.firstMatch(in: "v1.22 and 3.4") == ["1.22", "1", "22"])
    #expect(regex.scan("v1.22 and 3.4") == [["1", "22"], ["3", "4"]])
    let optional = try GitLabRegex.compile(pattern: "a(x)?", flags: "").get()
    #expect(optional.firstMatch(in: "ab") == ["a", nil])
    // Empty matches move on by one character, multi-byte ones included.
    #expect(try GitLabRegex.compile(pattern: "x*", flags: "").get().scan("é x").count == 4)
    #expect(try GitLabRegex.compile(pattern: "^a", flags: "").get().scan("aaa") == [["a"]])
}
