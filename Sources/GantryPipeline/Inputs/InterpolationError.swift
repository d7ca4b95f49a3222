import GantryYAML

/// One problem found while reading a `spec:` header, checking inputs or interpolating, in GitLab's
/// words, with the place it concerns.
struct InterpolationError: Sendable, Equatable {
    var message: String
    var mark: SourceMark

    init(_ message: String, at mark: SourceMark) {
        self.message = message
        self.mark = mark
    }

    /// GitLab surfaces one error per file: the first three messages joined
    /// (`Interpolator#error_message`), at the place of the first.
    static func combined(_ errors: [InterpolationError]) -> InterpolationError? {
        guard let first = errors.first else { return nil }
        return InterpolationError(errors.prefix(3).map(\.message).joined(separator: ", "), at: first.mark)
    }
}
