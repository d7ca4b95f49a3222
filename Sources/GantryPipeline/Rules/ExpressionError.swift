/// A malformed CI/CD variable expression (`rules:if`, `only/except: variables`).
///
/// `message` uses GitLab's own wording (`Unknown lexeme found!`, `Unmatched parenthesis`,
/// `Invalid right operand`, ...). GitLab's configuration validator reports every one of
/// these to the user as `invalid expression syntax`; callers building a diagnostic should
/// lead with that phrase and may add this message and column as detail.
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based column in the expression text, counted in Unicode scalars (as libyaml counts).
    public let column: Int
    public let message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}
