import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider every task resource stores in state. Pulumi serializes it as code and runs that
 * stored code on refresh and destroy, so it does nothing but load the installed package by name
 * (resolved from the program directory) and forward: its text never changes, it captures no
 * credentials and no libraries, and a fixed bug reaches the destroy of stacks made before the fix.
 */
export const taskProvider: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("rtc-tasks/runtime").configure(req),
  check: (olds, news) => require("rtc-tasks/runtime").check(olds, news),
  diff: (id, olds, news) => require("rtc-tasks/runtime").diff(id, olds, news),
  create: (inputs) => require("rtc-tasks/runtime").create(inputs),
  read: (id, props) => require("rtc-tasks/runtime").read(id, props),
  update: (id, olds, news) => require("rtc-tasks/runtime").update(id, olds, news),
  delete: (id, props) => require("rtc-tasks/runtime").delete(id, props),
};
