import Foundation
import GantryYAML

/// Where a finding is, in GitLab's words: the entry's location (`jobs:build:artifacts`) followed by the
/// attribute (`config`, `expire in`, ...) and the message, as `Gitlab::Config::Entry::Validator#messages`
/// writes them. Unlike GitLab we keep the case of job and variable names.
struct ValidationScope: Sendable {
    let location: String

    init(_ location: String) {
        self.location = location
    }

    func child(_ key: String) -> ValidationScope {
        ValidationScope(location.isEmpty ? key : location + ":" + key)
    }

    /// `<location> <attribute> <text>`; the attribute is humanized the way ActiveModel does (`expire_in` → `expire in`).
    func message(_ attribute: String, _ text: String) -> String {
        let attr = attribute.replacingOccurrences(of: "_", with: " ")
        return [location, attr, text].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// `<location> <text>`, for GitLab's messages that name no attribute.
    func bare(_ text: String) -> String {
        location.isEmpty ? text : location + " " + text
    }

    func error(_ attribute: String, _ text: String, at mark: SourceMark, into diagnostics: inout Diagnostics) {
        diagnostics.error(mark, message(attribute, text))
    }

    func config(_ text: String, at mark: SourceMark, into diagnostics: inout Diagnostics) {
        diagnostics.error(mark, message("config", text))
    }
}
