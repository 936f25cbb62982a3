// An owner's privileges are implicit.
//
// The owner of an object holds every privilege on it, and the IR stores an ACL without the
// owner's own entries (as pg_dump and introspection leave them out). A schema file's
// `GRANT ... TO alice` on a table alice owns therefore asks for nothing; kept in the desired
// state, it would be granted again on every run, and its inverse, a REVOKE from the owner, would
// take the owner's own privileges away. Who owns what is only known on the live database.
#pragma once

#include "compiler/ir.hpp"

namespace schemactl {

// Removes from `desired` every privilege granted to the object's owner on `live` (its
// Catalog::owners, read with IntrospectOptions::live_owners), or, for an object `live` does not
// have yet, to the role that will create it (live.session_role). Column privileges follow their
// table's owner; a table renamed with -- schemactl:renamed-from is looked up by its old name.
// Does nothing when `live` was read without owners.
void drop_owner_privileges(ir::Catalog& desired, const ir::Catalog& live);

}  // namespace schemactl
