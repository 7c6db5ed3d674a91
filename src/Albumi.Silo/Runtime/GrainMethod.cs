using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Albumi.Silo.Runtime;

/// <summary>
/// A grain interface method compiled once into delegates: one that calls it on a grain instance, one that sends a call
/// through the runtime with the right <see cref="Task{TResult}"/> type.
/// </summary>
internal sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Cache = new();
    private static readonly MethodInfo DispatchDefinition =
        typeof(GrainMethod).GetMethod(nameof(DispatchTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private GrainMethod(MethodInfo method)
    {
        Name = method.Name;
        Invoke = CompileInvoker(method);
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            Dispatch = static (runtime, grainId, grainMethod, args) => runtime.InvokeAsync<object?>(grainId, grainMethod, args);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var resultType = returnType.GetGenericArguments()[0];
            Dispatch = DispatchDefinition.MakeGenericMethod(resultType).CreateDelegate<Func<GrainRuntime, Grains.GrainId, GrainMethod, object?[], Task>>();
            HasResult = true;
        }
        else
        {
            throw new NotSupportedException(
                $"Grain method {method.DeclaringType}.{method.Name} returns {returnType}; grain methods return Task or Task<T>.");
        }
    }

    public string Name { get; }

    /// <summary>Calls the method on a grain instance.</summary>
    public Func<object, object?[], Task> Invoke { get; }

    /// <summary>Sends the call through the runtime, returning the Task type the interface declares.</summary>
    public Func<GrainRuntime, Grains.GrainId, GrainMethod, object?[], Task> Dispatch { get; }

    public bool HasResult { get; }

    public static GrainMethod For(MethodInfo method) => Cache.GetOrAdd(method, static m => new GrainMethod(m));

    public static TResult ResultOf<TResult>(GrainMethod method, Task completed)
        => method.HasResult ? ((Task<TResult>)completed).Result : default!;

    private static Task DispatchTyped<TResult>(GrainRuntime runtime, Grains.GrainId grainId, GrainMethod method, object?[] args)
        => runtime.InvokeAsync<TResult>(grainId, method, args);

    private static Func<object, object?[], Task> CompileInvoker(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(target, method.DeclaringType!), method, parameters);
        return Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), target, args).Compile();
    }
}
