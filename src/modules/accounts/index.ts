export { registerAccountRoutes } from "./routes.ts";
export { registerAccessRoutes } from "./routes-access.ts";
export {
  createCustomer,
  insertCustomerWithContact,
  type CreateCustomerInput,
  type CreatedCustomer,
} from "./use-cases/create-customer.ts";
export { customerExistsByName, findCustomerByCode } from "./repo.ts";
export { insertActiveManagerAccess, insertContactWithLogin } from "./use-cases/import-access.ts";
