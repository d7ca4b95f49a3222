import Foundation
import GantryStore

/// The CI/CD settings page and the admin pages. Variables as the API's variables routes:
/// Maintainers and above, saved through the API's `VariableEditor`; a masked variable's value
/// never leaves the server (`VariableView.value` is nil). Runners and users for administrators,
/// as the API's `/runners/all` and `/users`.
extension ReadModel {
    public struct VariableView: Sendable {
        public let key: String
        /// Nil for a masked variable: the page cannot send what it does not have.
        public let value: String?
        public let variableType: String
        public let protected: Bool
        public let masked: Bool
        public let environmentScope: String
        public let description: String?
    }

    /// A form's fields for one variable; nil keeps what the variable has.
    public struct VariableForm: Sendable {
        public var key: String?
        public var value: String?
        public var variableType: String?
        public var protected: Bool?
        public var masked: Bool?
        public var environmentScope: String?
        public var description: String?

        public init(key: String? = nil, value: String? = nil, variableType: String? = nil, protected: Bool? = nil,
                    masked: Bool? = nil, environmentScope: String? = nil, description: String? = nil) {
            (self.key, self.value, self.variableType, self.protected) = (key, value, variableType, protected)
            (self.masked, self.environmentScope, self.description) = (masked, environmentScope, description)
        }
    }

    public enum SettingsOutcome: Sendable, Equatable {
        case done
        case notFound
        /// GitLab's validation message, to show beside the form.
        case invalid(String)
    }

    /// Maintainers and above (GitLab's admin_cicd_variables and read of the runners settings).
    public func canManageSettings(_ project: ProjectRecord, _ visitor: Visitor) -> Bool {
        visitor.user != nil && access.role(of: visitor.principal, in: project) >= Role.maintainer
    }

    public func variables(of project: ProjectRecord, for visitor: Visitor) throws -> [VariableView]? {
        guard canManageSettings(project, visitor) else { return nil }
        return try store.variables(ownerKind: "project", ownerID: project.id).sorted { ($0.key, $0.environmentScope) < ($1.key, $1.environmentScope) }
            .map { VariableView(key: $0.key, value: $0.masked ? nil : $0.value, variableType: $0.variableType, protected: $0.protected,
                                masked: $0.masked, environmentScope: $0.environmentScope, description: $0.description) }
    }

    /// Creates (`existing` nil) or changes the variable `existing` names (key and scope); an empty
    /// value for a masked variable keeps its value (the form never had it).
    public func saveVariable(_ form: VariableForm, existing: (key: String, scope: String)?, in project: ProjectRecord,
                             by visitor: Visitor) throws -> SettingsOutcome {
        guard canManageSettings(project, visitor) else { return .notFound }
        let all = try store.variables(ownerKind: "project", ownerID: project.id)
        var old: CIVariableRecord?
        if let existing {
            guard let found = all.first(where: { $0.key == existing.key && $0.environmentScope == existing.scope }) else { return .notFound }
            old = found
        }
        var change = VariableEditor.Change(key: form.key, value: form.value, variableType: form.variableType, protected: form.protected,
                                           masked: form.masked, raw: nil, environmentScope: form.environmentScope, description: form.description)
        if old != nil, form.value?.isEmpty ?? true { change.value = nil }
        do {
            _ = try VariableEditor(store: store, kind: "project", ownerID: project.id).save(change, to: old)
            note("\(visitor.user?.username ?? "?") saved variable \(old?.key ?? form.key ?? "") of \(project.pathWithNamespace) from the web UI")
            return .done
        } catch let error as APIError {
            let detail = error.fields.map { $0.map { "\($0.key) \($0.value.joined(separator: ", "))" }.joined(separator: "; ") } ?? error.message
            return .invalid(detail)
        }
    }

    public func deleteVariable(key: String, scope: String, in project: ProjectRecord, by visitor: Visitor) throws -> SettingsOutcome {
        guard canManageSettings(project, visitor),
              try store.variables(ownerKind: "project", ownerID: project.id).contains(where: { $0.key == key && $0.environmentScope == scope })
        else { return .notFound }
        try store.deleteVariable(ownerKind: "project", ownerID: project.id, key: key, environmentScope: scope)
        return .done
    }

    /// The runners that take this project's jobs (every runner is an instance runner here), for Maintainers.
    public func runners(for project: ProjectRecord, visitor: Visitor) throws -> [RunnerRecord]? {
        guard canManageSettings(project, visitor) else { return nil }
        return try store.runners()
    }

    /// Every runner, for administrators only.
    public func allRunners(for visitor: Visitor) throws -> [RunnerRecord]? {
        guard visitor.user?.isAdmin == true else { return nil }
        return try store.runners()
    }

    /// A page of users, for administrators only.
    public func users(for visitor: Visitor, page: Int, perPage: Int) throws -> (items: [UserRecord], total: Int)? {
        guard visitor.user?.isAdmin == true else { return nil }
        let found = try store.users(page: page, perPage: perPage)
        return (found.items, found.total)
    }
}
