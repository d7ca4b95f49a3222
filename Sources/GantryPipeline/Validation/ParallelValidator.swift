import GantryYAML

/// `parallel:` (`Entry::Product::Parallel`) and `parallel:matrix:` (`Entry::Product::Matrix`).
enum ParallelValidator {
    /// `scope` is the parallel location (`jobs:test:parallel`). Trigger jobs and needs only take a matrix.
    static func validate(_ node: Node, matrixOnly: Bool, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        switch node.scalar?.value {
        case .int(let number):
            if matrixOnly {
                scope.config("cannot use \"parallel: <number>\".", at: node.mark, into: &diagnostics)
            } else if number < 1 {
                scope.config("must be greater than or equal to 1", at: node.mark, into: &diagnostics)
            } else if number > KeywordLists.parallelLimit {
                scope.config("must be less than or equal to \(KeywordLists.parallelLimit)", at: node.mark,
                             into: &diagnostics)
            }
            return
        case .float:
            scope.config("must be an integer", at: node.mark, into: &diagnostics)
            return
        default:
            break
        }
        guard let map = node.mapping else {
            diagnostics.error(node.mark, scope.bare("should be an integer or a hash"))
            return
        }
        NodeChecks.checkAllowedKeys(map, ["matrix"], scope: scope, into: &diagnostics)
        NodeChecks.checkRequiredKeys(map, ["matrix"], mark: node.mark, scope: scope, into: &diagnostics)
        if let matrix = map["matrix"] {
            validateMatrix(matrix, scope: scope.child("matrix"), into: &diagnostics)
        }
    }

    /// An array of hashes of variables; all of them together make at most 200 jobs.
    static func validateMatrix(_ node: Node, scope: ValidationScope, into diagnostics: inout Diagnostics) {
        guard let items = node.sequence, items.allSatisfy(NodeChecks.isHash) else {
            scope.config("should be an array of hashes", at: node.mark, into: &diagnostics)
            return
        }
        var jobs = 0
        for item in items {
            VariablesValidator.validateMatrixEntry(item, scope: scope.child("variables"), into: &diagnostics)
            // Saturating: a huge matrix must not overflow before it is reported.
            let combinations = item.mapping!.entries.reduce(1) { product, entry in
                let (result, overflow) = product.multipliedReportingOverflow(by: entry.value.sequence?.count ?? 1)
                return overflow ? Int.max : result
            }
            let (sum, overflow) = jobs.addingReportingOverflow(combinations)
            jobs = overflow ? Int.max : sum
        }
        if jobs > KeywordLists.parallelLimit {
            scope.config("generates too many jobs (maximum is \(KeywordLists.parallelLimit))", at: node.mark,
                         into: &diagnostics)
        }
    }
}
