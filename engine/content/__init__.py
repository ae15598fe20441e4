"""Portal content (nội dung cổng thông tin): items of each type, submitted by agencies, edited and approved by the
editorial board on its diagram (workflows/content.bpmn), published with versions kept, never deleted."""
