import GantryYAML

/// `run:` steps, checked against GitLab's steps JSON schema; the messages are JSONSchemer's as
/// GitLab prints them (`run value at root is not an array`, `run object at `/0` is missing ...`).
enum RunStepsValidator {
    /// `scope` is the job location (`jobs:build`).
    static func validate(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let steps = node.sequence else {
            scope.error("run", "value at root is not an array", at: node.mark, into: &diagnostics)
            return
        }
        for (index, step) in steps.enumerated() {
            guard let map = step.mapping else {
                scope.error("run", "value at `/\(index)` is not an object", at: step.mark, into: &diagnostics)
                continue
            }
            if map["name"] == nil {
                scope.error("run", "object at `/\(index)` is missing required properties: name", at: step.mark,
                            into: &diagnostics)
            }
        }
    }
}
