using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Authentication;

namespace Albumi.Web.Auth;

/// <summary>
/// The cookie handler's ticket format with a short memory: a session cookie this node unprotected in the last
/// <see cref="Lifetime"/> is not unprotected again (data protection derives keys and checks a MAC on every call, about
/// 12 µs, several times the rest of a warm request's authentication). What is remembered is only what the cookie says,
/// the reference to a session; whether that session is live is asked on every request (see <see cref="SessionTicketStore"/>).
/// Only cookies that unprotected are remembered, so garbage cannot fill it; a data-protection key revoked by an operator
/// stops being accepted here within <see cref="Lifetime"/>.
/// </summary>
public sealed class RememberedTicketFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Remembered> _unprotected = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = Stopwatch.GetTimestamp();
        if (_unprotected.TryGetValue(protectedText, out var remembered) && Stopwatch.GetElapsedTime(remembered.At, now) < Lifetime)
        {
            return remembered.Ticket;
        }

        var ticket = inner.Unprotect(protectedText);
        if (ticket is not null)
        {
            if (_unprotected.Count >= Capacity)
            {
                _unprotected.Clear();
            }

            _unprotected[protectedText] = new Remembered(ticket, now);
        }

        return ticket;
    }

    private sealed record Remembered(AuthenticationTicket Ticket, long At);
}
