import Testing

/// The pipeline coordinator of an in-process server, driven as users and runners drive it: pushes
/// and the REST API on one side, GitLab's runner protocol (played by the test) on the other.
///
/// One at a time: stopping a server ends every git http-backend of the process (`GitHTTPBackend.killAll`),
/// which would cut another test's push.
@Suite(.serialized) struct CoordinatorTests {}
