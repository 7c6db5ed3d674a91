using Microsoft.Playwright;

namespace Albumi.Tests.Pages.Account;

/// <summary>The confirmations a page asks (its <c>data-ask</c> questions), answered as <see cref="Accept"/> says at the time.</summary>
public sealed class PageQuestions
{
    private readonly List<string> _asked = [];

    private PageQuestions()
    {
    }

    /// <summary>Whether the person says yes; no until the test changes it.</summary>
    public bool Accept { get; set; }

    public IReadOnlyList<string> Asked
    {
        get
        {
            lock (_asked)
            {
                return [.. _asked];
            }
        }
    }

    public static PageQuestions On(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var questions = new PageQuestions();
        page.Dialog += async (_, dialog) =>
        {
            lock (questions._asked)
            {
                questions._asked.Add(dialog.Message);
            }

            if (questions.Accept)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                await dialog.DismissAsync();
            }
        };
        return questions;
    }
}
