namespace Godex.Gateway.Common;

/// <summary>Turns a list in place, without allocating: what taking turns at a list's head needs.</summary>
public static class ListRotation
{
    /// <summary>Moves the item at <paramref name="start"/> to the head, the ones before it to the end, order otherwise kept.</summary>
    public static void RotateLeft<T>(List<T> list, int start)
    {
        if (start <= 0 || start >= list.Count)
        {
            return;
        }

        list.Reverse(0, start);
        list.Reverse(start, list.Count - start);
        list.Reverse();
    }
}
