/// Builds the tree with GitLab's precedence (`Lexeme::*.precedence`, after Ruby's):
/// `==` `!=` `=~` `!~` bind tightest, then `&&`, then `||`, all left-associative;
/// parentheses group.
///
/// GitLab parses with a shunting-yard over the token list and so accepts a few shapes that
/// are not infix (`== $A $B`, `$A ()`). This parser insists on `operand (operator operand)*`
/// and reports the first offending token, using GitLab's messages.
struct ExpressionParser {
    private let bytes: [UInt8]
    private let tokens: [ExpressionToken]
    private var index = 0
    /// Variables in order of first mention.
    private(set) var variableNames: [String] = []

    /// Where an operand is expected: whether something could have supplied a left side.
    private enum Context {
        case start
        case group(open: Int)
        case afterOperator(Int)
    }

    init(bytes: [UInt8], tokens: [ExpressionToken]) {
        self.bytes = bytes
        self.tokens = tokens
    }

    mutating func parse() throws(ExpressionError) -> ExpressionNode {
        guard !tokens.isEmpty else { throw ExpressionError(column: 1, message: "Empty parse tree") }
        let tree = try parseOr(.start)
        if index < tokens.count {
            let token = tokens[index]
            throw error(at: token, token.kind == .parenClose ? "Unmatched parenthesis" : "Unreachable nodes in parse tree")
        }
        return tree
    }

    private func error(at token: ExpressionToken, _ message: String) -> ExpressionError {
        ExpressionError(column: ExpressionLexer.column(ofByte: token.start, in: bytes), message: message)
    }

    private var current: ExpressionToken.Kind? {
        index < tokens.count ? tokens[index].kind : nil
    }

    private mutating func parseOr(_ context: Context) throws(ExpressionError) -> ExpressionNode {
        var tree = try parseAnd(context)
        while current == .or {
            let op = index
            index += 1
            tree = .or(tree, try parseAnd(.afterOperator(op)))
        }
        return tree
    }

    private mutating func parseAnd(_ context: Context) throws(ExpressionError) -> ExpressionNode {
        var tree = try parseComparison(context)
        while current == .and {
            let op = index
            index += 1
            tree = .and(tree, try parseComparison(.afterOperator(op)))
        }
        return tree
    }

    private mutating func parseComparison(_ context: Context) throws(ExpressionError) -> ExpressionNode {
        var tree = try parseOperand(context)
        while let kind = current {
            let op = index
            switch kind {
            case .equals:
                index += 1
                tree = .equals(tree, try parseOperand(.afterOperator(op)))
            case .notEquals:
                index += 1
                tree = .notEquals(tree, try parseOperand(.afterOperator(op)))
            case .matches:
                index += 1
                tree = .matches(tree, try parseOperand(.afterOperator(op)))
            case .notMatches:
                index += 1
                tree = .notMatches(tree, try parseOperand(.afterOperator(op)))
            default:
                return tree
            }
        }
        return tree
    }

    private mutating func parseOperand(_ context: Context) throws(ExpressionError) -> ExpressionNode {
        guard index < tokens.count else {
            switch context {
            case .start: throw ExpressionError(column: 1, message: "Empty parse tree")
            case .group(let open): throw error(at: tokens[open], "Unmatched parenthesis")
            case .afterOperator(let op): throw error(at: tokens[op], "Invalid right operand")
            }
        }
        let token = tokens[index]
        if token.kind.isValue {
            index += 1
            return try value(token)
        }
        switch token.kind {
        case .parenOpen:
            let open = index
            index += 1
            let inner = try parseOr(.group(open: open))
            guard index < tokens.count else { throw error(at: tokens[open], "Unmatched parenthesis") }
            guard tokens[index].kind == .parenClose else {
                throw error(at: tokens[index], "Unreachable nodes in parse tree")
            }
            index += 1
            return inner
        case .parenClose:
            switch context {
            case .start: throw error(at: token, "Unmatched parenthesis")
            case .group(let open): throw error(at: tokens[open], "Empty parse tree")
            case .afterOperator(let op): throw error(at: tokens[op], "Invalid right operand")
            }
        default:  // a binary operator where an operand should be
            switch context {
            case .start, .group: throw error(at: token, "Invalid left operand")
            case .afterOperator(let op): throw error(at: tokens[op], "Invalid right operand")
            }
        }
    }

    private mutating func value(_ token: ExpressionToken) throws(ExpressionError) -> ExpressionNode {
        switch token.kind {
        case .variable:
            let name = text(token.start + 1, token.end)
            if !variableNames.contains(name) { variableNames.append(name) }
            return .variable(name)
        case .string:
            return .string(text(token.start + 1, token.end - 1))
        case .null:
            return .null
        case .true:
            return .boolean(true)
        case .false:
            return .boolean(false)
        case .pattern:
            let literal = text(token.start, token.end)
            guard let (pattern, flags) = GitLabRegex.splitLiteral(literal) else {
                throw error(at: token, "Invalid regular expression!")
            }
            switch GitLabRegex.compile(pattern: pattern, flags: flags) {
            case .success(let regex): return .pattern(regex)
            case .failure(let failure): throw error(at: token, "Invalid regular expression! (\(failure.reason))")
            }
        default:
            throw error(at: token, "Unprocessable token found in parse tree")
        }
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
