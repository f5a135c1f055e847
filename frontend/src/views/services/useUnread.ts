import { onMounted, ref } from 'vue'
import { myUnread } from '@/api/services'

/** useUnread is the number of unread thread messages over one's requests, for a list's header;
 * it stays at 0 when the count cannot be had (the list still shows each request's own). */
export function useUnread() {
  const total = ref(0)
  async function refresh() {
    total.value = (await myUnread().catch(() => ({ total: 0 }))).total
  }
  onMounted(refresh)
  return { total, refresh }
}
