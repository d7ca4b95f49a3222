/// A GitLab CI/CD variable expression, as used by `rules:if` and `only/except: variables`
/// (GitLab: `Gitlab::Ci::Pipeline::Expression::Statement`).
///
/// - `$NAME` variables (undefined is null; `${NAME}` is not part of the language),
///   `"..."` and `'...'` strings without escapes, `null`, `true`, `false`,
///   `/pattern/flags` regexes (RE2 syntax, flags `i` `m` `s` `U`, at least two characters).
/// - `==` `!=` compare values; `=~` `!~` match a regex, or a string holding `/pattern/`.
/// - `&&` binds tighter than `||`; parentheses group. At most 99 tokens.
///
/// The rule matches when the result is present: not null, not false, not a blank string.
/// So a bare `$VAR` is true when the variable is set to something other than whitespace.
public struct RuleExpression: Sendable {
    public let source: String
    private let tree: ExpressionNode
    private let names: [String]

    /// Lexes and parses `source`; throws for anything GitLab reports as
    /// `invalid expression syntax`.
    public init(_ source: String) throws(ExpressionError) {
        let bytes = Array(source.utf8)
        let tokens = try ExpressionLexer(bytes: bytes).tokenize()
        var parser = ExpressionParser(bytes: bytes, tokens: tokens)
        self.tree = try parser.parse()
        self.names = parser.variableNames
        self.source = source
    }

    /// Whether the rule matches with these variables (GitLab: `Statement#truthful?`).
    public func evaluate(_ variables: [String: String]) -> Bool {
        tree.evaluate(variables).isPresent
    }

    /// Names of the variables the expression reads, without `$`, in order of first mention.
    public var variableNames: [String] { names }
}
