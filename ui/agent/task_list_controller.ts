import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { CallOut } from "./outbound_call_controller.ts";

type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** One of the agent's tasks (a follow-up or a care-list entry) as `GET /tasks` gives it. */
export interface Task {
  id: number;
  customer_id: number;
  customer_name: string;
  phone: string | null;
  kind: "follow_up" | "birthday" | "renewal" | "win_back" | string;
  due_at: string;
  case_id: number | null;
  note: string;
  status: "open" | "done" | "cancelled";
  attempts?: number;
  last_attempt_at?: string | null;
}

/**
 * The agent's task list: the open follow-ups and care-list entries due within a week,
 * what calling one asks the desk for (the same click-to-call as from a customer or a
 * case, with the task named so the call counts on it), and marking one done.
 */
export class TaskListController implements ReactiveController {
  tasks: Task[] = [];
  loading = false;
  error: string | null = null;

  constructor(private readonly host: ReactiveControllerHost, private readonly request: Request) {
    host.addController(this);
  }

  hostConnected(): void {}

  async load(): Promise<void> {
    this.loading = true;
    this.host.requestUpdate();
    try {
      const { follow_ups } = await this.request<{ follow_ups: Task[] }>("GET", "/tasks");
      this.tasks = follow_ups;
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.loading = false;
      this.host.requestUpdate();
    }
  }

  /** The call the desk is to place for a task; null when the customer has no number. */
  callFor(task: Task): CallOut | null {
    if (!task.phone) return null;
    return {
      number: task.phone,
      customerId: task.customer_id,
      caseId: task.case_id,
      followUpId: task.id,
    };
  }

  /** Marks a task done: it leaves the list. */
  async done(task: Task): Promise<void> {
    try {
      await this.request("PATCH", `/follow-ups/${task.id}`, { status: "done" });
      this.tasks = this.tasks.filter((t) => t.id !== task.id);
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    }
    this.host.requestUpdate();
  }
}
