// Generated code of representative corpus cases, kept as files under test/__snapshots__/ so a reader
// can review what the compiler emits. Compiled with the default runtime import ("adc/runtime") and
// without source maps, so the snapshots do not depend on where the repository lives.
import { describe, expect, it } from "vitest";
import { compileModule } from "../compiler/index.js";
import { findCase } from "./corpus/index.js";
import { vectorCases } from "./corpus/vector.js";
import { vectorObjectCases } from "./corpus/vector-objects.js";

const SNAPSHOTS: { construct: string; name: string }[] = [
  { construct: "straight-line code", name: "const_chain" },
  { construct: "for loop", name: "reassign_in_loop" },
  { construct: "if/else", name: "if_updates_two_vars" },
  { construct: "switch with fall-through and default in the middle", name: "switch_default_in_middle_falls_through" },
  { construct: "while with a data-dependent trip count", name: "while_scale_until" },
  { construct: "break", name: "break_in_for" },
  { construct: "labelled break", name: "labelled_break_outer" },
  { construct: "early return inside nested loops", name: "early_return_nested_loops_taken" },
  { construct: "array write into an argument", name: "write_into_argument_prefix_sum" },
  { construct: "helper call writing into an argument", name: "helper_writes_into_argument" },
  { construct: "recursion", name: "recursive_power" },
  { construct: "Math-heavy expression", name: "math_composed" },
  { construct: "nested arrays", name: "matvec_wrt_both" },
  { construct: "calls through the tape: a gradient rule declared with primitive()", name: "prim_hypot_loop_branch" },
  { construct: "objects: an object parameter flattened to its fields", name: "obj-typed-literal" },
  { construct: "classes: a model holding an array of Linear layers", name: "class-model-layers" },
  { construct: "map and reduce callbacks", name: "cb_map_reduce_sum_squares" },
];

describe("generated code snapshots", () => {
  for (const { construct, name } of SNAPSHOTS) {
    it(`${construct} (${name})`, async () => {
      const c = findCase(name);
      const { code } = compileModule(c.source, { filename: `${name}.ts`, sourceMaps: false });
      await expect(code).toMatchFileSnapshot(`__snapshots__/${name}.js`);
    });
  }
});

describe("generated code snapshots: vjp and jacobian", () => {
  it("vjp and jacobian of an array-valued function writing into its argument (vec_output_aliases_written_argument)", async () => {
    const c = vectorCases.find((v) => v.name === "vec_output_aliases_written_argument")!;
    const source = `${c.source}export const at = (x: number[], s: number) => vjp(f, x, s);\nexport const J = jacobian(f);\n`;
    const { code } = compileModule(source, { filename: "vjp_aliases_written_argument.ts", sourceMaps: false });
    expect(code).not.toMatch(/from "adc"/);
    await expect(code).toMatchFileSnapshot("__snapshots__/vjp_aliases_written_argument.js");
  });

  it("vjp and jacobian of an array-valued function of a class instance whose methods call methods (vobj_class_methods_calling_methods)", async () => {
    const c = vectorObjectCases.find((v) => v.name === "vobj_class_methods_calling_methods")!;
    const source = `${c.source}export const at = (p: Poly, xs: number[]) => vjp(f, p, xs);\nexport const J = jacobian(f, [0, 1]);\n`;
    const { code } = compileModule(source, { filename: "vjp_class_methods.ts", sourceMaps: false });
    expect(code).not.toMatch(/from "adc"/);
    await expect(code).toMatchFileSnapshot("__snapshots__/vjp_class_methods.js");
  });
});

describe("generated code snapshots: compositions of transforms", () => {
  it("grad of a function calling grad inside: a tape call whose rule is H·v (reverse over reverse)", async () => {
    const src = `import { grad } from "adc";
function h(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.sin(x[i]) * x[i];
  return s;
}
// the squared norm of h's gradient
export function pen(x: number[]): number {
  const g = grad(h)(x);
  let s = 0;
  for (let i = 0; i < g.length; i++) s += g[i] * g[i];
  return s;
}
export const dpen = grad(pen);
`;
    const { code } = compileModule(src, { filename: "pen.ts", sourceMaps: false });
    await expect(code).toMatchFileSnapshot("__snapshots__/inner_grad_penalty.js");
  });

  it("jvp of a function calling jvp inside (forward over forward)", async () => {
    const src = `import { jvp } from "adc";
function h(x: number): number { return Math.sin(x) * x; }
export function dh(x: number): number { return jvp(h, [x], [1])[1]; }
export const d2h = jvp(dh);
`;
    const { code } = compileModule(src, { filename: "dh.ts", sourceMaps: false });
    await expect(code).toMatchFileSnapshot("__snapshots__/jvp_of_jvp.js");
  });
});

describe("generated code snapshots: second derivatives through objects", () => {
  it("hvp and hessian of an object parameter (obj-typed-literal)", async () => {
    const c = findCase("obj-typed-literal");
    const source = `${c.source.replace(`import { grad, valueAndGrad } from "adc";`, `import { grad, valueAndGrad, hvp, hessian } from "adc";`)}export const hf = hvp(f);\nexport const H = hessian(f);\n`;
    const { code } = compileModule(source, { filename: "hvp_obj_typed_literal.ts", sourceMaps: false });
    expect(code).toMatch(/function f_hvp\(/);
    await expect(code).toMatchFileSnapshot("__snapshots__/hvp_obj_typed_literal.js");
  });
});
