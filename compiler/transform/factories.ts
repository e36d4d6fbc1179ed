// Closures made by factories: grad(makeLoss(data)), or const loss = makeLoss(data); grad(loss).
// The function the factory returns is lifted to a module function that takes what it captures as
// extra parameters (makeLoss_closure(w, data, n)); the factory's return is instrumented to keep a
// getter of those values with the closure (rt.closure(fn, () => [data, n])); and the grad site
// becomes rt.withCaptures(closure, wrapper, arity), which appends the captured values to the
// arguments at each call. A closure that assigns what it captures cannot be lifted (its writes
// would be lost): a compile error.
import * as t from "@babel/types";
import type { Binding, NodePath } from "@babel/traverse";
import type { Reporter } from "../errors.js";
import type { ModuleInfo } from "../analyze/module.js";
import { unwrapTS } from "../analyze/module.js";
import type { Namer } from "../names.js";
import { copyWithPositions as clone } from "../source.js";

export interface Lifted {
  /** The lifted module function: the closure's parameters, then the captured values. */
  name: string;
  node: t.FunctionDeclaration;
  /** How many parameters the closure itself takes. */
  arity: number;
  factory: string;
}

export class Factories {
  private lifted = new Map<string, Lifted>();

  constructor(
    private info: ModuleInfo,
    private rep: Reporter,
    private namer: Namer,
    private closureFn: string,
  ) {}

  /** Lifted functions, to be emitted with the generated code. */
  all(): Lifted[] {
    return [...this.lifted.values()];
  }

  /** The lifted function for grad's argument when it is a closure a module factory makes, else null. */
  resolve(arg: t.Expression, at: NodePath): Lifted | null {
    let call: t.Expression = arg;
    if (arg.type === "Identifier") {
      const b = at.scope.getBinding(arg.name);
      if (!b || b.kind !== "const" || !b.scope.path.isProgram() || b.path.node.type !== "VariableDeclarator") return null;
      call = unwrapTS((b.path.node as t.VariableDeclarator).init ?? t.nullLiteral());
    }
    if (call.type !== "CallExpression" || call.callee.type !== "Identifier" || !this.info.functions.has(call.callee.name)) return null;
    const factory = at.scope.getBinding(call.callee.name);
    if (!factory?.scope.path.isProgram()) return null;
    return this.lift(call.callee.name, factory);
  }

  private lift(name: string, factory: Binding): Lifted | null {
    const hit = this.lifted.get(name);
    if (hit) return hit;
    const fpath = (factory.path.isVariableDeclarator() ? factory.path.get("init") : factory.path) as NodePath<t.Function>;
    if (!fpath.isFunction()) return null;
    const inner = returnedFunction(fpath);
    if (!inner) return null;
    // what the closure reads from the factory's scopes (its parameters and locals)
    const captured = new Map<string, Binding>();
    inner.traverse({
      ReferencedIdentifier: (idp) => {
        const b = idp.scope.getBinding((idp.node as t.Identifier).name);
        if (!b || b.scope.path.isProgram() || !isInside(b.scope.path, fpath) || isInside(b.scope.path, inner)) return;
        captured.set(b.identifier.name, b);
      },
    });
    for (const b of captured.values()) {
      for (const v of b.constantViolations) {
        if (isInside(v, inner)) this.rep.error("ADC220", v.node, `the closure ${name} returns assigns '${b.identifier.name}', which it captures: adc passes captured values to the gradient as arguments, so this write would be lost; keep the state in an array or an object field`);
      }
    }
    const params = inner.node.params.map((p) => clone(p));
    for (const [c, b] of captured) {
      const id = t.identifier(c);
      const decl = b.path.node as any; // a parameter (Identifier) or a declarator
      const ann: t.Node | undefined = decl.typeAnnotation ?? decl.id?.typeAnnotation;
      if (ann?.type === "TSTypeAnnotation") id.typeAnnotation = clone(ann);
      params.push(id);
    }
    const body = inner.node.body.type === "BlockStatement" ? clone(inner.node.body) : t.blockStatement([t.returnStatement(clone(inner.node.body))]);
    const liftedName = this.namer.fresh(`${name}_closure`);
    const node = t.functionDeclaration(t.identifier(liftedName), params as t.FunctionDeclaration["params"], body);
    node.loc = inner.node.loc;
    node.returnType = clone(inner.node.returnType ?? null) as t.TSTypeAnnotation | null;
    this.info.functions.set(liftedName, node);
    this.info.bindings.add(liftedName);
    // the factory keeps a getter of the captured values with the closure it returns
    const arity = inner.node.params.length;
    const getter = t.arrowFunctionExpression([], t.arrayExpression([...captured.keys()].map((c) => t.identifier(c))));
    inner.replaceWith(t.callExpression(t.identifier(this.closureFn), [inner.node as t.Expression, getter]));
    inner.skip();
    const lifted = { name: liftedName, node, arity, factory: name };
    this.lifted.set(name, lifted);
    return lifted;
  }
}

/** The function expression a factory returns (its only return of a function), if any. */
function returnedFunction(f: NodePath<t.Function>): NodePath<t.ArrowFunctionExpression | t.FunctionExpression> | null {
  const body = f.get("body") as NodePath;
  if (body.isArrowFunctionExpression() || body.isFunctionExpression()) return body;
  const found: NodePath<t.ArrowFunctionExpression | t.FunctionExpression>[] = [];
  let other = false;
  body.traverse({
    Function: (p) => p.skip(),
    ReturnStatement: (r) => {
      const a = r.get("argument") as NodePath;
      if (a.isArrowFunctionExpression() || a.isFunctionExpression()) found.push(a);
      else other = true;
    },
  });
  return found.length === 1 && !other ? found[0] : null;
}

function isInside(p: NodePath, ancestor: NodePath): boolean {
  for (let q: NodePath | null = p; q; q = q.parentPath) if (q.node === ancestor.node) return true;
  return false;
}
