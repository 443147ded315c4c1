/**
 * Every built-in Azure role that can do everything (`actions: ["*"]`) or grant access (create role
 * assignments: `Microsoft.Authorization/*`, `Microsoft.Authorization/roleAssignments/write` or `/*`).
 * Reviews (`ailz diff`, `ailz review-plan`) show a role assignment of any of them with the role's name
 * and as privileged, whether or not ailz itself uses the role (azure/roles.ts lists the ones it does).
 * Some of them constrain the roles they may assign with an ABAC condition on the assignment; a reviewer
 * still has to look at a new assignment of one.
 *
 * Source: `../shared/reference/azure-builtin-roles.json` (`az role definition list`, easimon/azure-builtin-roles
 * at db0b2258, 2026-08-22), read 2026-11-26; `npm run check:reference` (test-reference/roles.ref.test.ts)
 * checks that this list is exactly the catalog's roles with those actions, with their current names.
 */
export interface AccessAdminRole {
  readonly name: string;
  readonly id: string;
  /** `all`: every control-plane action; `grant`: can create role assignments. */
  readonly power: 'all' | 'grant';
}

const ROWS: readonly [string, string, AccessAdminRole['power']][] = [
  ['Azure Container Storage Contributor', '95dd08a6-00bd-4661-84bf-f6726f83a4d0', 'grant'],
  ['Azure Container Storage Owner', '95de85bd-744d-4664-9dde-11430bc34793', 'grant'],
  ['Azure File Sync Administrator', '92b92042-07d9-4307-87f7-36a593fc5850', 'grant'],
  ['Azure IoT Operations Onboarding', '7b7c71ed-33fa-4ed2-a91a-e56d5da260b5', 'grant'],
  ['Azure Local Migrate Execute Expert', '1cfa4eac-9a23-481c-a793-bfb6958e836c', 'grant'],
  ['Azure Local Migrate Owner', 'fd8ea4d5-6509-4db0-bada-356ab233b4fb', 'grant'],
  ['Azure Migrate Execute Expert', '1cfa4eac-9a23-481c-a793-bfb6958e836b', 'grant'],
  ['Azure Migrate Owner', 'fd8ea4d5-6509-4db0-bada-356ab233b4fa', 'grant'],
  ['Azure Resilience Management Drills Administrator', 'c914561b-1575-4601-af9c-a1356bf59818', 'grant'],
  ['Azure Resilience Management Drills Assets Administrator', '5a2ec2f1-2375-4950-9906-59ec1d979249', 'grant'],
  ['Azure Resilience Management Drills Target Resource Administrator', 'e4c7f620-39b8-4688-bba2-70dd82ef367b', 'grant'],
  ['Azure Resilience Management Goals Administrator', 'a2b7cc47-30ec-462f-a2f4-9ac6e1c266af', 'grant'],
  ['Azure Resilience Management Recovery Administrator', '481d9636-d9f0-468b-b93d-6056318e6f36', 'grant'],
  ['Azure Sphere Owner', '5a382001-fe36-41ff-bba4-8bf06bd54da9', 'grant'],
  ['Azure Stack HCI Administrator', 'bda0d508-adf1-4af0-9c28-88919fc3ae06', 'grant'],
  ['Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c', 'all'],
  ['Defender CSPM Storage Scanner Operator', '8480c0f0-4509-4229-9339-7c10018cb8c4', 'grant'],
  ['Defender for Storage Scanner Operator', '0f641de8-0b88-4198-bdef-bd8b45ceba96', 'grant'],
  ['DevCenter Owner', '4c6569b6-f23e-4295-9b90-bd4cc4ff3292', 'grant'],
  ['Foundry Account Owner', 'e47c6f54-e4a2-4754-9501-8e0985b135e1', 'grant'],
  ['Foundry Owner', 'c883944f-8b7b-4483-af10-35834be79c4a', 'grant'],
  ['Foundry Project Manager', 'eadc314b-1a2d-4efa-be10-5d325db5065e', 'grant'],
  ['Key Vault Data Access Administrator', '8b54135c-b56d-4d72-a534-26097cfdc8d8', 'grant'],
  ['Microsoft Discovery Platform Administrator (Preview)', '7a2b6e6c-472e-4b39-8878-a26eb63d75c6', 'grant'],
  ['Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'all'],
  ['Role Based Access Control Administrator', 'f58310d9-a9f6-439a-9e8d-f62e7b41a168', 'grant'],
  ['Storage Actions Task Assignment Contributor', '77789c21-1643-48a2-8f27-47f858540b51', 'grant'],
  ['User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'grant'],
  ['Virtual Machine Data Access Administrator (preview)', '66f75aeb-eabe-4b70-9f1e-c350c4c9ad04', 'grant'],
];

export const ACCESS_ADMIN_BUILT_IN_ROLES: readonly AccessAdminRole[] = ROWS.map(([name, id, power]) => ({ name, id, power }));
