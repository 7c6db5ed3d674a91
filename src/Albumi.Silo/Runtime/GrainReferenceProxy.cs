using System.Reflection;
using Albumi.Grains;

namespace Albumi.Silo.Runtime;

/// <summary>The object behind a grain reference: every interface call becomes a call through the runtime.</summary>
public class GrainReferenceProxy : DispatchProxy
{
    private GrainRuntime? _runtime;

    public GrainId GrainId { get; private set; }

    internal static TGrainInterface Create<TGrainInterface>(GrainRuntime runtime, GrainId grainId)
    {
        var reference = Create<TGrainInterface, GrainReferenceProxy>();
        var proxy = (GrainReferenceProxy)(object)reference!;
        proxy._runtime = runtime;
        proxy.GrainId = grainId;
        return reference;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var method = GrainMethod.For(targetMethod);
        return method.Dispatch(_runtime!, GrainId, method, args ?? []);
    }
}
