import GantryServer

/// A status as GitLab's UI shows it (`DetailedStatus`): an icon and a word, never colour alone;
/// the label (GitLab's tooltip) is the accessible name.
enum StatusBadge {
    static func html(_ status: DetailedStatus, link: String? = nil) -> HTML {
        let badge: HTML = """
            <span class="status status-\(status.group)" title="\(status.label)" data-status="\(status.group)">\
            <span class="icon" aria-hidden="true">\(icon(status.icon))</span>\(status.text)</span>
            """
        guard let link else { return badge }
        return "<a href=\"\(link)\" aria-label=\"\(status.label)\">\(badge)</a>"
    }

    /// GitLab's icon names as characters every font has.
    static func icon(_ name: String) -> String {
        switch name {
        case "status_success": return "✓"
        case "status_failed": return "✕"
        case "status_running": return "◔"
        case "status_pending": return "◷"
        case "status_warning": return "!"
        case "status_canceled": return "⊘"
        case "status_skipped": return "»"
        case "status_manual": return "⚙"
        case "status_scheduled": return "⏲"
        default: return "○"
        }
    }
}
